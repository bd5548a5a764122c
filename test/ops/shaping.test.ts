/**
 * @file Shape ops composed from views, indexing and joining (src/ops/shaping.ts): transpose,
 * squeeze/unsqueeze/flatten, narrow/select, indexSelect, stack/split/chunk, repeat and the
 * reflect/replicate/circular padding modes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { checkOp, dimArb, sameShape, shapeArb, unary, withParams, type Shape } from '../helpers/check-op.js';

const int32 = (v: number[]) => tg.tensor(v, { dtype: 'int32' });
const norm = (d: number, nd: number): number => (d < 0 ? d + Math.max(nd, 1) : d);

/** One tensor of ≥ `minDims` dims and a dim of it. */
const withDim = (minDims = 1) =>
  shapeArb({ minDims }).chain((s) => dimArb(s.length).map((dim) => ({ s, dim, n: s.length === 0 ? 1 : s[norm(dim, s.length)]! })));

const transposeInputs = withParams(unary(), ([s]) => fc.tuple(dimArb(s!.length), dimArb(s!.length)).map(([a, b]) => ({ a, b })));
const squeezeInputs = withParams(unary(), ([s]) =>
  fc.oneof(
    fc.constant<{ dim: number | number[] | undefined }>({ dim: undefined }),
    dimArb(s!.length).map((dim) => ({ dim })),
    fc.shuffledSubarray(s!.map((_, i) => i)).map((dim) => ({ dim })),
  ),
);
const unsqueezeInputs = withParams(unary(), ([s]) => fc.integer({ min: -s!.length - 1, max: s!.length }).map((dim) => ({ dim })));
const flattenInputs = withParams(unary(), ([s]) =>
  s!.length === 0
    ? fc.constant({ start: 0, end: -1 })
    : fc.tuple(dimArb(s!.length), dimArb(s!.length)).filter(([a, b]) => norm(a, s!.length) <= norm(b, s!.length)).map(([start, end]) => ({ start, end })),
);
const narrowInputs = withDim().chain(({ s, dim, n }) =>
  fc.integer({ min: 0, max: n }).chain((start) =>
    fc.tuple(fc.integer({ min: 0, max: n - start }), fc.boolean()).map(([length, neg]) => ({
      shapes: [s], params: { dim, start: neg && start < n ? start - n : start, length },
    })),
  ),
);
const selectInputs = shapeArb({ minDims: 1, empty: false }).chain((s) =>
  dimArb(s.length).chain((dim) => {
    const n = s[norm(dim, s.length)]!;
    return fc.integer({ min: -n, max: n - 1 }).map((index) => ({ shapes: [s], params: { dim, index } }));
  }),
);
const indexSelectInputs = withDim(0).chain(({ s, dim, n }) =>
  fc.array(fc.integer({ min: 0, max: Math.max(n - 1, 0) }), { maxLength: n === 0 ? 0 : 5 }).map((index) => ({ shapes: [s], params: { dim, index } })),
);
const stackInputs = withParams(sameShape(3), ([s]) =>
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: -s!.length - 1, max: s!.length })).map(([count, dim]) => ({ count, dim })),
);
/** A composition of `n` into parts (zeros allowed). */
const composition = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 0, max: n }), { maxLength: 3 }).map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), n];
    return points.slice(1).map((p, i) => p - points[i]!);
  });
const splitInputs = withDim().chain(({ s, dim, n }) =>
  fc.oneof(fc.integer({ min: 1, max: 4 }).map((size): number | number[] => size), composition(n)).map((sizes) => ({ shapes: [s], params: { dim, sizes } })),
);
const chunkInputs = withDim().chain(({ s, dim }) => fc.integer({ min: 1, max: 5 }).map((chunks) => ({ shapes: [s], params: { dim, chunks } })));
const repeatInputs = withParams(unary({ maxDims: 2 }), ([s]) =>
  fc.array(fc.integer({ min: 0, max: 3 }), { minLength: s!.length, maxLength: s!.length + 1 }).map((repeats) => ({ repeats })),
);

/** Pads for the last 1..ndim dims: each pad in [0, max(size) - 1] (reflect), [0, size] (circular) or [0, 3]. */
function padInputs(mode: 'reflect' | 'replicate' | 'circular') {
  return shapeArb({ minDims: 1, empty: false }).chain((s) =>
    fc.integer({ min: 1, max: s.length }).chain((k) => {
      const perDim = Array.from({ length: k }, (_, j) => {
        const n = s[s.length - 1 - j]!;
        const max = mode === 'reflect' ? n - 1 : mode === 'circular' ? n : 3;
        return fc.tuple(fc.integer({ min: 0, max }), fc.integer({ min: 0, max }));
      });
      return fc.tuple(...perDim).map((pairs) => ({ shapes: [s] as Shape[], params: { pads: pairs.flat() } }));
    }),
  );
}

describe('shaping: gradients', () => {
  checkOp('transpose', ([x], { a, b }) => x.transpose(a, b), { inputs: transposeInputs });
  checkOp('squeeze', ([x], { dim }) => x.squeeze(dim), { inputs: squeezeInputs });
  checkOp('unsqueeze', ([x], { dim }) => tg.unsqueeze(x, dim), { inputs: unsqueezeInputs });
  checkOp('flatten', ([x], { start, end }) => x.flatten(start, end), { inputs: flattenInputs });
  checkOp('narrow', ([x], { dim, start, length }) => x.narrow(dim, start, length), { inputs: narrowInputs });
  checkOp('select', ([x], { dim, index }) => x.select(dim, index), { inputs: selectInputs });
  checkOp('indexSelect', ([x], { dim, index }) => x.indexSelect(dim, int32(index)), { inputs: indexSelectInputs });
  checkOp('stack', (xs, { count, dim }) => tg.stack(xs.slice(0, count), dim), { inputs: stackInputs });
  checkOp('split', ([x], { dim, sizes }) => x.split(sizes, dim), { inputs: splitInputs });
  checkOp('chunk', ([x], { dim, chunks }) => tg.chunk(x, chunks, dim), { inputs: chunkInputs });
  checkOp('repeat', ([x], { repeats }) => x.repeat(repeats), { inputs: repeatInputs });
  checkOp('pad', ([x], { pads }) => x.pad(pads, { mode: 'reflect' }), { label: 'reflect', inputs: padInputs('reflect') });
  checkOp('pad', ([x], { pads }) => x.pad(pads, { mode: 'replicate' }), { label: 'replicate', inputs: padInputs('replicate') });
  checkOp('pad', ([x], { pads }) => tg.pad(x, pads, { mode: 'circular' }), { label: 'circular', inputs: padInputs('circular') });
});

describe('shaping: values', () => {
  const x = tg.arange(6, undefined, 1, { dtype: 'float64' }).reshape([2, 3]);

  it('transpose, squeeze, unsqueeze, flatten', () => {
    expect(x.transpose(-1, 0).toArray()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(tg.zeros([1, 3, 1]).squeeze().shape).toEqual([3]);
    expect(tg.zeros([1, 3, 1]).squeeze(0).shape).toEqual([3, 1]);
    expect(tg.zeros([1, 3, 1]).squeeze(1).shape).toEqual([1, 3, 1]);
    expect(tg.zeros([1, 3, 1]).squeeze([0, 2]).shape).toEqual([3]);
    expect(x.unsqueeze(-1).shape).toEqual([2, 3, 1]);
    expect(tg.zeros([2, 3, 4]).flatten(1).shape).toEqual([2, 12]);
    expect(tg.tensor(3).flatten().shape).toEqual([1]);
  });

  it('narrow, select, indexSelect', () => {
    expect(x.narrow(1, 1, 2).toArray()).toEqual([[1, 2], [4, 5]]);
    expect(x.select(1, -1).toArray()).toEqual([2, 5]);
    expect(x.indexSelect(1, int32([2, 0, 2])).toArray()).toEqual([[2, 0, 2], [5, 3, 5]]);
    expect(() => x.narrow(1, 2, 2)).toThrow(/narrow/);
    expect(() => x.select(0, 2)).toThrow(/select/);
  });

  it('indexSelect accumulates the gradient of repeated indices', () => {
    const t = tg.tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    t.indexSelect(0, int32([2, 0, 2])).sum().backward();
    expect(t.grad!.toArray()).toEqual([1, 0, 2]);
  });

  it('stack, split, chunk, repeat', () => {
    expect(tg.stack([x, x], 1).shape).toEqual([2, 2, 3]);
    expect(x.split(2, 1).map((t) => t.shape)).toEqual([[2, 2], [2, 1]]);
    expect(x.split([1, 0, 2], 1).map((t) => t.toArray())).toEqual([[[0], [3]], [[], []], [[1, 2], [4, 5]]]);
    expect(tg.arange(5).chunk(3).map((t) => t.toArray())).toEqual([[0, 1], [2, 3], [4]]);
    expect(tg.tensor([1, 2]).repeat([2, 2]).toArray()).toEqual([[1, 2, 1, 2], [1, 2, 1, 2]]);
  });

  it('reflect, replicate and circular padding', () => {
    const v = tg.tensor([[1, 2, 3]], { dtype: 'float64' });
    expect(v.pad([2, 1], { mode: 'reflect' }).toArray()).toEqual([[3, 2, 1, 2, 3, 2]]);
    expect(v.pad([2, 1], { mode: 'replicate' }).toArray()).toEqual([[1, 1, 1, 2, 3, 3]]);
    expect(v.pad([2, 1], { mode: 'circular' }).toArray()).toEqual([[2, 3, 1, 2, 3, 1]]);
    expect(() => v.pad([3, 0], { mode: 'reflect' })).toThrow(/reflect/);
  });
});

describe('flatten with empty dims (PyTorch 1.13)', () => {
  it('keeps a size-0 dim outside the flattened range', () => {
    expect(tg.zeros([0, 3]).flatten(1).shape).toEqual([0, 3]);
    expect(tg.zeros([4, 0]).flatten(0, 0).shape).toEqual([4, 0]);
  });
});
