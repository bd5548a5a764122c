/**
 * @file Index-driven ops (src/ops/indexing.ts): gather, scatter (tensor and number src),
 * scatterAdd (repeated indices accumulate) and where.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { broadcast, broadcastableTo, broadcastShapeOf, checkOp, dimArb, shapeArb, withParams, type Shape } from '../helpers/check-op.js';

const numel = (s: Shape): number => s.reduce((a, b) => a * b, 1);

/** An int32 tensor of `shape` from row-major values. */
const int32 = (values: number[], shape: Shape) => tg.tensor(Int32Array.from(values), { dtype: 'int32' }).reshape(shape);

/**
 * x's shape, a dim, and an index shape that fits it (≤ x's size on the other dims). With
 * `unique`, indices along `dim` are distinct in each column (scatter is only differentiable
 * then: a duplicate's earlier writes are overwritten), otherwise anything in range.
 */
function indexInputs(srcCount: number, unique: boolean) {
  return shapeArb({ minDims: 1 }).chain((s) =>
    dimArb(s.length).chain((dimRaw) => {
      const dim = dimRaw < 0 ? dimRaw + s.length : dimRaw;
      const n = s[dim]!;
      const idxShape = fc.tuple(
        ...s.map((size, k) => (k === dim ? fc.integer({ min: 0, max: n === 0 ? 0 : unique ? n : 4 }) : fc.integer({ min: 0, max: size }))),
      );
      return idxShape.chain((ishape) => {
        const cols = numel(ishape.filter((_, k) => k !== dim));
        const m = ishape[dim]!;
        const column = unique
          ? fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: m, maxLength: m })
          : fc.array(fc.integer({ min: 0, max: Math.max(n - 1, 0) }), { minLength: m, maxLength: m });
        return fc.array(column, { minLength: cols, maxLength: cols }).map((columns) => {
          // Lay the columns out row-major in the index shape: index[..., j, ...] = columns[col][j].
          const values = new Array<number>(numel(ishape));
          const strides = ishape.map((_, k) => numel(ishape.slice(k + 1)));
          for (let flat = 0; flat < values.length; flat++) {
            let col = 0, rest = flat;
            const coords = strides.map((st) => { const c = Math.floor(rest / st); rest %= st; return c; });
            coords.forEach((c, k) => { if (k !== dim) col = col * ishape[k]! + c; });
            values[flat] = columns[col]![coords[dim]!]!;
          }
          return { shapes: [s, ...Array.from({ length: srcCount }, () => [...ishape])], params: { dim: dimRaw, index: values, indexShape: ishape } };
        });
      });
    }),
  );
}

/** Shapes for `where`: the branches broadcast together, the condition broadcasts to their shape. */
const whereInputs = (branches: number) =>
  withParams(broadcast(branches), (shapes) => {
    const out = broadcastShapeOf(...shapes);
    return broadcastableTo(out).chain((cshape) =>
      fc.array(fc.boolean(), { minLength: numel(cshape), maxLength: numel(cshape) }).map((cond) => ({ cond, cshape })),
    );
  });
const mask = (cond: boolean[], shape: Shape) => tg.tensor(Uint8Array.from(cond.map(Number)), { dtype: 'bool' }).reshape(shape);

describe('indexing: gradients', () => {
  checkOp('gather', ([x], { dim, index, indexShape }) => x.gather(dim, int32(index, indexShape)), { inputs: indexInputs(0, false) });
  checkOp('scatter', ([x, src], { dim, index, indexShape }) => x.scatter(dim, int32(index, indexShape), src!), { label: 'tensor src', inputs: indexInputs(1, true) });
  checkOp('scatter', ([x], { dim, index, indexShape }) => tg.scatter(x, dim, int32(index, indexShape), 0.5), { label: 'number src', inputs: indexInputs(0, false) });
  checkOp('scatterAdd', ([x, src], { dim, index, indexShape }) => x.scatterAdd(dim, int32(index, indexShape), src!), { inputs: indexInputs(1, false) });
  checkOp('where', ([a, b], { cond, cshape }) => a.where(mask(cond, cshape), b!), { inputs: whereInputs(2) });
  checkOp('where', ([a], { cond, cshape }) => tg.where(mask(cond, cshape), 1.5, a!), { label: 'number', inputs: whereInputs(1) });
});

describe('indexing: values', () => {
  const x = tg.tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' });

  it('gather picks along dim; out-of-range indices throw', () => {
    expect(x.gather(1, int32([2, 0, 1, 1], [2, 2])).toArray()).toEqual([[3, 1], [5, 5]]);
    expect(x.gather(0, int32([1, 0, 1], [1, 3])).toArray()).toEqual([[4, 2, 6]]);
    expect(() => x.gather(1, int32([3], [1, 1]))).toThrow(/out of bounds/);
  });

  it('scatter writes, scatterAdd accumulates repeated indices', () => {
    const z = tg.zeros([2, 3], { dtype: 'float64' });
    expect(z.scatter(1, int32([2, 0], [2, 1]), tg.tensor([[7], [8]], { dtype: 'float64' })).toArray()).toEqual([[0, 0, 7], [8, 0, 0]]);
    expect(z.scatter(0, int32([1], [1, 1]), 9).toArray()).toEqual([[0, 0, 0], [9, 0, 0]]);
    expect(z.scatterAdd(1, int32([1, 1, 1], [1, 3]), tg.ones([1, 3], { dtype: 'float64' })).toArray()).toEqual([[0, 3, 0], [0, 0, 0]]);
  });

  it('scatter sends no gradient to overwritten positions of x', () => {
    const a = tg.ones([3], { dtype: 'float64', requiresGrad: true });
    const s = tg.tensor([5], { dtype: 'float64', requiresGrad: true });
    a.scatter(0, int32([1], [1]), s).mul(tg.tensor([1, 2, 3], { dtype: 'float64' })).sum().backward();
    expect(a.grad!.toArray()).toEqual([1, 0, 3]);
    expect(s.grad!.toArray()).toEqual([2]);
  });

  it('where broadcasts condition and both branches', () => {
    const c = tg.tensor([true, false, true]);
    expect(x.where(c, 0).toArray()).toEqual([[1, 0, 3], [4, 0, 6]]);
    expect(tg.where(c, tg.tensor([[1], [2]]), tg.tensor([9, 8, 7])).toArray()).toEqual([[1, 8, 1], [2, 8, 2]]);
    expect(() => x.where(tg.tensor([1, 0, 1]), 0)).toThrow(/bool/);
  });
});
