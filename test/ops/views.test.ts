/**
 * @file View ops (src/ops/views.ts): reshape, view, permute, expand/expandAs and stepped
 * slices — gradients, values, and that the results share storage.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { checkOp, dimArb, shapeArb, unary, withParams, type Shape } from '../helpers/check-op.js';

/** Shapes of ≤ 3 dims with `n` elements (some with one -1), for reshape/view targets. */
function reshapeTargets(n: number): Shape[] {
  const sizes = n === 0 ? [0, 1, 2, 3] : Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
  const out: Shape[] = n === 1 ? [[]] : [];
  for (const a of sizes) {
    if (a === n) out.push([a]);
    for (const b of sizes) {
      if (a * b === n) out.push([a, b]);
      for (const c of sizes) if (a * b * c === n) out.push([a, b, c]);
    }
  }
  const withFree = n === 0 ? [] : out.filter((s) => s.length > 0).map((s) => s.map((d, i) => (i === s.length - 1 ? -1 : d)));
  return [...out, ...withFree];
}

const numel = (s: Shape): number => s.reduce((a, b) => a * b, 1);
const reshapeInputs = withParams(unary(), ([s]) => fc.constantFrom(...reshapeTargets(numel(s!))).map((shape) => ({ shape })));

/** The shape with a size-1 dim inserted and/or the existing size-1 dims removed: always a view. */
const unitDimInputs = withParams(unary(), ([s]) =>
  fc.tuple(fc.integer({ min: 0, max: s!.length }), fc.boolean()).map(([at, squeeze]) => {
    const shape = squeeze ? s!.filter((d) => d !== 1) : [...s!];
    shape.splice(Math.min(at, shape.length), 0, 1);
    return { shape };
  }),
);

const permuteInputs = withParams(unary(), ([s]) => {
  const all = s!.map((_, i) => i);
  return fc
    .tuple(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), fc.array(fc.boolean(), { minLength: all.length, maxLength: all.length }))
    .map(([dims, neg]) => ({ dims: dims.map((d, i) => (neg[i] ? d - all.length : d)) }));
});

const expandInputs = withParams(unary(), ([s]) =>
  fc
    .tuple(
      fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean()), { minLength: s!.length, maxLength: s!.length }),
    )
    .map(([lead, per]) => ({ shape: [...lead, ...s!.map((d, i) => (d === 1 ? per[i]![0] : per[i]![1] ? -1 : d))] })),
);

const sliceInputs = shapeArb({ minDims: 1 }).chain((s) =>
  dimArb(s.length).chain((dim) => {
    const n = s[dim < 0 ? dim + s.length : dim]!;
    const bound = fc.integer({ min: -n - 1, max: n + 1 });
    return fc
      .record({ start: bound, end: fc.option(bound, { nil: undefined }), step: fc.integer({ min: 1, max: 3 }) })
      .map((p) => ({ shapes: [s], params: { dim, ...p } }));
  }),
);

describe('views: gradients', () => {
  checkOp('reshape', ([x], { shape }) => x.reshape(shape), { inputs: reshapeInputs });
  checkOp('reshape', ([x], { shape }) => tg.reshape(x, shape), { label: 'size-1 dims', inputs: unitDimInputs });
  checkOp('view', ([x], { shape }) => x.view(shape), { label: 'contiguous', inputs: reshapeInputs, layouts: ['contiguous'] });
  checkOp('view', ([x], { shape }) => x.view(shape), { label: 'size-1 dims of any layout', inputs: unitDimInputs });
  checkOp('permute', ([x], { dims }) => x.permute(dims), { inputs: permuteInputs });
  checkOp('expand', ([x], { shape }) => x.expand(shape), { inputs: expandInputs });
  checkOp('expandAs', ([x], { shape }) => x.expandAs(tg.zeros(shape.map((d, i) => (d === -1 ? x.shape[i - (shape.length - x.ndim)]! : d)))), { inputs: expandInputs });
  checkOp('slice', ([x], { dim, start, end, step }) => x.slice(dim, start, end, step), { inputs: sliceInputs });
});

describe('views: values and storage', () => {
  const x = tg.arange(12, undefined, 1, { dtype: 'float64' }).reshape([3, 4]);

  it('reshape and view infer -1 and share storage', () => {
    expect(x.reshape([2, -1]).shape).toEqual([2, 6]);
    expect(x.view([-1]).storage).toBe(x.storage);
    expect(x.reshape([4, 3]).toArray()).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]]);
  });

  it('reshape copies a non-viewable layout; view throws', () => {
    const t = x.transpose(0, 1);
    expect(t.reshape([12]).toArray()).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    expect(() => t.view([12])).toThrow(/view/);
  });

  it('permute and expand are views', () => {
    const p = x.permute([1, 0]);
    expect(p.storage).toBe(x.storage);
    expect(p.toArray()).toEqual(x.transpose(0, 1).toArray());
    const e = tg.tensor([1, 2]).expand([3, -1]);
    expect(e.strides).toEqual([0, 1]);
    expect(e.toArray()).toEqual([[1, 2], [1, 2], [1, 2]]);
  });

  it('slice follows Python: negative and clamped bounds, steps', () => {
    const v = tg.arange(6);
    expect(v.slice(0, 1, 6, 2).toArray()).toEqual([1, 3, 5]);
    expect(v.slice(0, -2).toArray()).toEqual([4, 5]);
    expect(v.slice(0, -10, 100, 4).toArray()).toEqual([0, 4]);
    expect(v.slice(0, 4, 2).toArray()).toEqual([]);
    expect(x.slice(1, 1, undefined, 2).toArray()).toEqual([[1, 3], [5, 7], [9, 11]]);
  });

  it('the gradient of a stepped slice is scattered into zeros', () => {
    const t = tg.arange(5, undefined, 1, { dtype: 'float64', requiresGrad: true });
    t.slice(0, 1, undefined, 2).mul(tg.tensor([10, 20], { dtype: 'float64' })).sum().backward();
    expect(t.grad!.toArray()).toEqual([0, 10, 0, 20, 0]);
  });
});
