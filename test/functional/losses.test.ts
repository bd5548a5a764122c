/**
 * @file Losses (src/functional/losses*.ts): gradcheck/gradgradcheck properties over drawn shapes,
 * layouts and reductions, plus PyTorch's conventions that fixtures alone do not pin down.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as F from '../../src/functional/index.js';
import type { Reduction } from '../../src/functional/index.js';
import { checkOp, expectClose, positive, range, sameShape, shapeArb, withParams, type Inputs, type Shape } from '../helpers/check-op.js';

const reduction = fc.constantFrom<Reduction>('mean', 'sum', 'none');
const withReduction = <P>(inputs: Inputs<P>): Inputs<{ reduction: Reduction }> => withParams(inputs, () => reduction.map((r) => ({ reduction: r })));
const pairs = withReduction(sameShape(2));
/** Targets offset by 2⁻¹¹ from the drawn grid, so `input - target` is never 0 (l1's kink). */
const offGrid = (v: number): number => v + 1 / 2048;

/** Class-index cases: x [N, C, ...d] (or [C]), int32 targets in params (some ignored), per-class weight. */
interface ClassParams { target: number[]; targetShape: Shape; reduction: Reduction; smoothing: number }
const classInputs: Inputs<ClassParams> = fc
  .record({ n: fc.integer({ min: 1, max: 3 }), c: fc.integer({ min: 1, max: 4 }), d: shapeArb({ maxDims: 1, maxSize: 2, empty: false }), flat: fc.boolean() })
  .chain(({ n, c, d, flat }) => {
    const targetShape = flat ? [] : [n, ...d];
    const count = targetShape.reduce((a, b) => a * b, 1);
    return fc
      .record({
        target: fc.array(fc.oneof({ arbitrary: fc.integer({ min: 0, max: c - 1 }), weight: 4 }, { arbitrary: fc.constant(-100), weight: 1 }), { minLength: count, maxLength: count }),
        reduction,
        smoothing: fc.constantFrom(0, 0.2),
      })
      // A mean over only ignored targets is NaN (as in PyTorch); keep one counted target.
      .filter((p) => p.reduction !== 'mean' || p.target.some((t) => t !== -100))
      .map((p) => ({ shapes: [flat ? [c] : [n, c, ...d], [c]], params: { ...p, targetShape } }));
  });
const targetOf = (p: ClassParams): tg.Tensor => tg.tensor(p.target, { dtype: 'int32' }).reshape(p.targetShape);

describe('losses: gradients', () => {
  checkOp('F.mseLoss', ([x, y], { reduction: r }) => F.mseLoss(x!, y!, { reduction: r }), { inputs: pairs });
  checkOp('F.l1Loss', ([x, y], { reduction: r }) => F.l1Loss(x!, y!, { reduction: r }), { inputs: pairs, domain: [undefined, offGrid] });
  // beta = 1/√2 and delta = √2 are irrational: |input - target| (on a 2⁻¹⁰ grid) never sits on the kink.
  checkOp('F.smoothL1Loss', ([x, y], { reduction: r }) => F.smoothL1Loss(x!, y!, { beta: Math.SQRT1_2, reduction: r }), { inputs: pairs });
  checkOp('F.huberLoss', ([x, y], { reduction: r }) => F.huberLoss(x!, y!, { delta: Math.SQRT2, reduction: r }), { inputs: pairs });
  checkOp('F.binaryCrossEntropy', ([x, y, w], { reduction: r }) => F.binaryCrossEntropy(x!, y!, { weight: w, reduction: r }), {
    inputs: withReduction(sameShape(3)),
    domain: [range(0.05, 0.95), range(0, 1), positive()],
    numRuns: 8,
  });
  checkOp('F.binaryCrossEntropyWithLogits', ([x, y, w, pw], { reduction: r }) =>
    F.binaryCrossEntropyWithLogits(x!, y!, { weight: w, posWeight: pw, reduction: r }), {
    inputs: withReduction(shapeArb({ minDims: 1 }).map((s) => ({ shapes: [s, s, s, [s[s.length - 1]!]], params: {} }))),
    domain: [range(-6, 6), range(0, 1), positive(), positive()],
    numRuns: 8,
  });
  checkOp('F.klDiv', ([x, y], { r, logTarget }) => F.klDiv(x!, y!, { reduction: r, logTarget }), {
    inputs: withParams(sameShape(2, { minDims: 1 }), () => fc.record({ r: fc.constantFrom('mean', 'batchmean', 'sum', 'none' as const), logTarget: fc.boolean() })),
    domain: [undefined, positive(0.05)],
  });
  checkOp('F.nllLoss', ([x, w], p) => F.nllLoss(x!, targetOf(p), { weight: w, reduction: p.reduction }), {
    inputs: classInputs,
    domain: [undefined, positive()],
  });
  checkOp('F.crossEntropy', ([x, w], p) => F.crossEntropy(x!, targetOf(p), { weight: w, reduction: p.reduction, labelSmoothing: p.smoothing }), {
    label: 'class indices',
    inputs: classInputs,
    domain: [undefined, positive()],
  });
  checkOp('F.crossEntropy', ([x, t, w], { reduction: r }) => F.crossEntropy(x!, t!, { weight: w, reduction: r, labelSmoothing: 0.1 }), {
    label: 'probabilities',
    inputs: withReduction(fc.record({ n: fc.integer({ min: 1, max: 3 }), c: fc.integer({ min: 1, max: 4 }) }).map(({ n, c }) => ({ shapes: [[n, c], [n, c], [c]], params: {} }))),
    domain: [undefined, range(0, 1), positive()],
  });
});

describe('losses: conventions', () => {
  const f64 = (v: tg.NestedArray): tg.Tensor => tg.tensor(v, { dtype: 'float64' });
  const idx = (v: number[]): tg.Tensor => tg.tensor(v, { dtype: 'int32' });

  it('nllLoss: the weighted mean divides by the summed weights of the counted targets', () => {
    const logp = f64([[-1, -2], [-3, -4], [-5, -6]]);
    const w = f64([2, 10]);
    expectClose(F.nllLoss(logp, idx([0, 1, -100]), { weight: w }), (2 * 1 + 10 * 4) / 12);
    expectClose(F.nllLoss(logp, idx([0, 1, -100]), { weight: w, reduction: 'none' }), [2, 40, 0]);
    expect(Number.isNaN(F.nllLoss(logp, idx([-100, -100, -100])).item())).toBe(true);
  });

  it('crossEntropy with ignored targets passes them no gradient', () => {
    const x = f64([[1, 2, 3], [4, 5, 6]]).requiresGrad_();
    F.crossEntropy(x, idx([2, -100]), { labelSmoothing: 0.3 }).backward();
    expect(x.grad!.select(0, 1).toArray()).toEqual([0, 0, 0]);
  });

  it('crossEntropy of one-hot probabilities equals crossEntropy of the indices', () => {
    const x = f64([[0.2, -1, 3], [2, 0.5, 0.1]]);
    const fromIdx = F.crossEntropy(x, idx([2, 0]), { labelSmoothing: 0.1 });
    const fromProb = F.crossEntropy(x, f64([[0, 0, 1], [1, 0, 0]]), { labelSmoothing: 0.1 });
    expectClose(fromProb, fromIdx.item(), 1e-14);
  });

  it('binaryCrossEntropy clamps logs at -100 and binaryCrossEntropyWithLogits never overflows', () => {
    expectClose(F.binaryCrossEntropy(f64([0, 1]), f64([1, 0]), { reduction: 'none' }), [100, 100]);
    const x = f64([-1000, 1000]).requiresGrad_();
    const loss = F.binaryCrossEntropyWithLogits(x, f64([1, 0]), { reduction: 'sum' });
    expectClose(loss, 2000);
    loss.backward();
    expectClose(x.grad!, [-1, 1]);
  });

  it('klDiv: zero targets contribute 0 and batchmean divides by the batch size', () => {
    const logq = f64([[Math.log(0.5), Math.log(0.5)], [Math.log(0.25), Math.log(0.75)]]);
    const p = f64([[1, 0], [0.5, 0.5]]);
    const sum = F.klDiv(logq, p, { reduction: 'sum' }).item();
    expectClose(F.klDiv(logq, p, { reduction: 'none' }).select(0, 1), [0, 0].map((_, i) => 0.5 * (Math.log(0.5) - [Math.log(0.25), Math.log(0.75)][i]!)));
    expectClose(F.klDiv(logq, p, { reduction: 'batchmean' }), sum / 2);
    expectClose(F.klDiv(logq, p), sum / 4);
  });

  it('losses keep float32', () => {
    const a = tg.tensor([0.2, 0.7]), b = tg.tensor([0, 1]);
    for (const l of [F.mseLoss(a, b), F.binaryCrossEntropy(a, b), F.binaryCrossEntropyWithLogits(a, b), F.klDiv(a, b)]) expect(l.dtype).toBe('float32');
    expect(F.crossEntropy(tg.tensor([[1, 2]]), idx([1])).dtype).toBe('float32');
  });
});
