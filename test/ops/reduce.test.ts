/**
 * @file Reductions (src/ops/reduce.ts): sum, prod (with zeros in the reduced group), amax/amin
 * and the full max()/min(), over every dims form and keepdim.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { checkOp, reduction, unary, type ReduceParams, type Shape } from '../helpers/check-op.js';

/** Row-major positions of `shape`, grouped by their coordinates on the dims that are not reduced. */
function reductionGroups(shape: Shape, dim: ReduceParams['dim']): number[][] {
  const nd = shape.length;
  const reduced = dim === undefined ? shape.map((_, i) => i) : (typeof dim === 'number' ? [dim] : dim).map((d) => (d < 0 ? d + Math.max(nd, 1) : d));
  const groups = new Map<string, number[]>();
  const n = shape.reduce((a, b) => a * b, 1);
  for (let flat = 0; flat < n; flat++) {
    let rest = flat;
    const key: number[] = [];
    for (let d = nd - 1; d >= 0; d--) {
      const c = rest % shape[d]!;
      rest = Math.floor(rest / shape[d]!);
      if (!reduced.includes(d)) key.push(c);
    }
    const k = key.join(',');
    groups.set(k, [...(groups.get(k) ?? []), flat]);
  }
  return [...groups.values()];
}

/** A `prepare` that zeroes `k` elements of every reduction group (picked from the drawn values). */
const zerosInGroups = (k: number) => (values: number[], shape: Shape, _i: number, p: ReduceParams): number[] => {
  const out = [...values];
  for (const group of reductionGroups(shape, p.dim)) {
    const start = Math.floor(Math.abs(out[group[0]!]!) * 1000) % group.length;
    for (let j = 0; j < k; j++) out[group[(start + j) % group.length]!] = 0;
  }
  return out;
};

const noExpand = ['contiguous', 'transposed', 'strided'] as const;

describe('reductions: gradients', () => {
  checkOp('sum', ([x], { dim, keepdim }) => x.sum(dim, keepdim), { inputs: reduction() });
  checkOp('sum', ([x], { dim, keepdim }) => tg.sum(x, dim, keepdim), { label: 'tg.sum', inputs: reduction() });
  checkOp('prod', ([x], { dim, keepdim }) => x.prod(dim, keepdim), { inputs: reduction() });
  checkOp('prod', ([x], { dim, keepdim }) => x.prod(dim, keepdim), {
    label: 'one zero per group', inputs: reduction({ empty: false }), prepare: zerosInGroups(1), layouts: noExpand,
  });
  checkOp('prod', ([x], { dim, keepdim }) => x.prod(dim, keepdim), {
    label: 'two zeros per group', inputs: reduction({ empty: false, minGroup: 2 }), prepare: zerosInGroups(2), layouts: noExpand,
  });
  checkOp('amax', ([x], { dim, keepdim }) => x.amax(dim, keepdim), { inputs: reduction({ empty: false }), distinct: true });
  checkOp('amin', ([x], { dim, keepdim }) => x.amin(dim, keepdim), { inputs: reduction({ empty: false }), distinct: true });
  checkOp('max', ([x]) => x.max(), { label: 'full', inputs: unary({ empty: false }), distinct: true });
  checkOp('min', ([x]) => tg.min(x), { label: 'full', inputs: unary({ empty: false }), distinct: true });
});

describe('reductions: values', () => {
  const x = tg.tensor([[1, -2, 3], [4, 5, -6]], { dtype: 'float64' });

  it('sum, prod, amax, amin over dims', () => {
    expect(x.sum().item()).toBe(5);
    expect(x.sum(0).toArray()).toEqual([5, 3, -3]);
    expect(x.sum([0, 1]).toArray()).toBe(5);
    expect(x.sum(-1, true).toArray()).toEqual([[2], [3]]);
    expect(x.prod(1).toArray()).toEqual([-6, -120]);
    expect(x.amax(0).toArray()).toEqual([4, 5, 3]);
    expect(x.amin(1, true).toArray()).toEqual([[-2], [-6]]);
    expect(x.max().item()).toBe(5);
    expect(x.min().item()).toBe(-6);
  });

  it('empty reductions have the identity; amax of an empty dim throws', () => {
    expect(tg.zeros([0, 3]).sum(0).toArray()).toEqual([0, 0, 0]);
    expect(tg.zeros([2, 0]).prod(1).toArray()).toEqual([1, 1]);
    expect(() => tg.zeros([0, 3]).amax(0)).toThrow(/amax/);
    expect(tg.zeros([0, 3]).amax(1).shape).toEqual([0]);
  });

  it('float32 stays float32, ints sum to int32', () => {
    expect(tg.ones([2, 3]).sum(1).dtype).toBe('float32');
    expect(tg.ones([2, 3]).prod().dtype).toBe('float32');
    expect(tg.tensor([1, 2, 3], { dtype: 'int32' }).sum().dtype).toBe('int32');
    expect(tg.tensor([true, true, false]).sum().item()).toBe(2);
  });

  it('amax/amin share the gradient evenly among ties (as PyTorch)', () => {
    const t = tg.tensor([1, 3, 3, 2], { dtype: 'float64', requiresGrad: true });
    t.amax().backward();
    expect(t.grad!.toArray()).toEqual([0, 0.5, 0.5, 0]);
    const u = tg.tensor([[1, 1], [0, 2]], { dtype: 'float64', requiresGrad: true });
    u.amin(1).sum().backward();
    expect(u.grad!.toArray()).toEqual([[0.5, 0.5], [1, 0]]);
  });

  it('prod gradient with zeros is the product of the others', () => {
    const t = tg.tensor([2, 0, 3, 0], { dtype: 'float64', requiresGrad: true });
    t.prod().backward();
    expect(t.grad!.toArray()).toEqual([0, 0, 0, 0]);
    const u = tg.tensor([2, 0, 3], { dtype: 'float64', requiresGrad: true });
    u.prod().backward();
    expect(u.grad!.toArray()).toEqual([0, 6, 0]);
  });
});

describe('an empty dim list reduces every dim (PyTorch 1.13)', () => {
  it('sum, prod, mean, amax, var', () => {
    const x = tg.tensor([[1, 2, 3], [4, 5, 6]]);
    expect(x.sum([]).shape).toEqual([]);
    expect(x.sum([]).item()).toBe(21);
    expect(x.prod([]).item()).toBe(720);
    expect(x.mean([]).item()).toBe(3.5);
    expect(x.amax([]).item()).toBe(6);
    expect(x.var([]).item()).toBeCloseTo(3.5, 5);
    expect(x.squeeze([]).shape).toEqual([2, 3]);
  });
});
