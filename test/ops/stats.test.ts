/**
 * @file Composed reductions (src/ops/stats.ts): mean, var, std, logsumexp, norm and max/min
 * along a dim with indices.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { alongDim, avoid, checkOp, nonzero, reduction } from '../helpers/check-op.js';

describe('statistics: gradients', () => {
  checkOp('mean', ([x], { dim, keepdim }) => x.mean(dim, keepdim), { inputs: reduction() });
  checkOp('var', ([x], { dim, keepdim }) => x.var(dim, keepdim), { inputs: reduction({ minGroup: 2 }) });
  checkOp('var', ([x], { dim, keepdim }) => tg.var(x, dim, keepdim, { unbiased: false }), { label: 'biased', inputs: reduction({ minGroup: 1, empty: false }) });
  checkOp('var', ([x], { dim, keepdim }) => x.var(dim, keepdim, { correction: 2 }), { label: 'correction 2', inputs: reduction({ minGroup: 3 }) });
  checkOp('std', ([x], { dim, keepdim }) => x.std(dim, keepdim), { inputs: reduction({ minGroup: 2 }), distinct: true });
  checkOp('std', ([x], { dim, keepdim }) => tg.std(x, dim, keepdim, { unbiased: false }), { label: 'biased', inputs: reduction({ minGroup: 2 }), distinct: true });
  checkOp('logsumexp', ([x], { dim, keepdim }) => x.logsumexp(dim, keepdim), { inputs: reduction({ empty: false }) });
  checkOp('norm', ([x], { dim, keepdim }) => x.norm(2, dim, keepdim), { label: 'p=2', inputs: reduction(), domain: nonzero });
  checkOp('norm', ([x]) => x.norm(), { label: 'default p', domain: nonzero });
  checkOp('norm', ([x], { dim, keepdim }) => x.norm(1, dim, keepdim), { label: 'p=1', inputs: reduction(), domain: avoid([0]) });
  checkOp('norm', ([x], { dim, keepdim }) => tg.norm(x, 3, dim, keepdim), { label: 'p=3', inputs: reduction({ empty: false }), domain: nonzero });
  checkOp('norm', ([x], { dim, keepdim }) => x.norm(Infinity, dim, keepdim), { label: 'p=Infinity', inputs: reduction({ empty: false }), distinct: true });
  checkOp('max', ([x], { dim, keepdim }) => {
    const { values, indices } = x.max(dim, keepdim);
    return [values, indices];
  }, { label: 'dim form', inputs: alongDim({ empty: false }), distinct: true });
  checkOp('min', ([x], { dim, keepdim }) => {
    const { values, indices } = tg.min(x, dim, keepdim);
    return [values, indices];
  }, { label: 'dim form', inputs: alongDim({ empty: false }), distinct: true });
});

describe('statistics: values', () => {
  const x = tg.tensor([[1, 2, 3, 4], [2, 4, 6, 8]], { dtype: 'float64' });

  it('mean, var (unbiased by default), std', () => {
    expect(x.mean().item()).toBe(3.75);
    expect(x.mean(1).toArray()).toEqual([2.5, 5]);
    expect(x.var(1).toArray()).toEqual([5 / 3, 20 / 3]);
    expect(x.var(1, false, { unbiased: false }).toArray()).toEqual([1.25, 5]);
    expect(x.std(1, true).toArray()).toEqual([[Math.sqrt(5 / 3)], [Math.sqrt(20 / 3)]]);
    expect(Number.isNaN(tg.tensor([2]).std().item())).toBe(true); // n - 1 = 0, as PyTorch
  });

  it('logsumexp is stable for large values and exact for -Infinity rows', () => {
    expect(tg.tensor([1000, 1000], { dtype: 'float64' }).logsumexp().item()).toBeCloseTo(1000 + Math.log(2), 12);
    expect(tg.tensor([-Infinity, -Infinity], { dtype: 'float64' }).logsumexp().item()).toBe(-Infinity);
    expect(tg.tensor([0, 0]).logsumexp().dtype).toBe('float32');
  });

  it('norms', () => {
    const v = tg.tensor([3, -4], { dtype: 'float64' });
    expect(v.norm().item()).toBe(5);
    expect(v.norm(1).item()).toBe(7);
    expect(v.norm(Infinity).item()).toBe(4);
    expect(v.norm(3).item()).toBeCloseTo(Math.cbrt(91), 14);
  });

  it('the 2-norm has a zero subgradient at the origin (as PyTorch)', () => {
    const z = tg.zeros([3], { dtype: 'float64', requiresGrad: true });
    z.norm().backward();
    expect(z.grad!.toArray()).toEqual([0, 0, 0]);
  });

  it('max(dim) returns values and int32 indices of the first extreme', () => {
    const t = tg.tensor([[1, 5, 5], [7, 2, 7]]);
    const { values, indices } = t.max(1);
    expect(values.toArray()).toEqual([5, 7]);
    expect(indices.dtype).toBe('int32');
    expect(indices.toArray()).toEqual([1, 0]);
    expect(t.min(0, true).indices.toArray()).toEqual([[0, 1, 0]]);
  });
});

describe('logsumexp over an empty group (PyTorch 1.13)', () => {
  it('is -inf', () => {
    expect(tg.zeros([0]).logsumexp(0).item()).toBe(-Infinity);
    expect(tg.zeros([2, 0]).logsumexp(1).toArray()).toEqual([-Infinity, -Infinity]);
  });
});
