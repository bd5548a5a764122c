/**
 * @file Layers' math (linear, bilinear, embedding, layerNorm, batchNorm, cosineSimilarity,
 * dropout): gradcheck/gradgradcheck properties over drawn shapes and layouts, and the behaviour
 * PyTorch users rely on (running statistics, padding rows, dropout's mask and scaling).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as F from '../../src/functional/index.js';
import { checkOp, expectClose, positive, shapeArb, type Inputs, type Shape } from '../helpers/check-op.js';

const size = fc.integer({ min: 1, max: 3 });

/** x [...batch, in], weight [out, in], bias [out]. */
const linearInputs: Inputs<{ bias: boolean }> = fc
  .record({ batch: shapeArb({ maxDims: 2 }), inF: size, out: size, bias: fc.boolean() })
  .map(({ batch, inF, out, bias }) => ({ shapes: [[...batch, inF], [out, inF], ...(bias ? [[out]] : [])], params: { bias } }));

/** x1 [N, in1], x2 [N, in2], weight [out, in1, in2], bias [out]. */
const bilinearInputs: Inputs<Record<string, never>> = fc
  .record({ n: fc.integer({ min: 0, max: 3 }), in1: size, in2: size, out: size })
  .map(({ n, in1, in2, out }) => ({ shapes: [[n, in1], [n, in2], [out, in1, in2], [out]], params: {} }));

/** weight [num, dim] and indices drawn into params (no paddingIdx: its zero gradient is not the derivative). */
const embeddingInputs: Inputs<{ indices: number[][] }> = fc
  .record({ num: fc.integer({ min: 1, max: 4 }), dim: size, rows: size, cols: size })
  .chain(({ num, dim, rows, cols }) =>
    fc.record({
      indices: fc.array(fc.array(fc.integer({ min: 0, max: num - 1 }), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
    }).map((params) => ({ shapes: [[num, dim]], params })),
  );

/** x [...lead, ...norm] with weight and bias shaped norm. */
const layerNormInputs: Inputs<{ norm: Shape }> = fc
  .record({ lead: shapeArb({ maxDims: 2, empty: false }), norm: shapeArb({ minDims: 1, maxDims: 2, minSize: 2, maxSize: 3, empty: false }) })
  .map(({ lead, norm }) => ({ shapes: [[...lead, ...norm], norm, norm], params: { norm } }));

/** x [N, C, ...spatial] with per-channel weight and bias. */
const batchNormInputs: Inputs<Record<string, never>> = fc
  .record({ n: fc.integer({ min: 2, max: 3 }), c: size, spatial: shapeArb({ maxDims: 2, maxSize: 2, empty: false }) })
  .map(({ n, c, spatial }) => ({ shapes: [[n, c, ...spatial], [c], [c]], params: {} }));

describe('layers: gradients', () => {
  checkOp('F.linear', (xs) => F.linear(xs[0]!, xs[1]!, xs[2]), { inputs: linearInputs });
  checkOp('F.bilinear', ([a, b, w, bias]) => F.bilinear(a!, b!, w!, bias), { inputs: bilinearInputs });
  checkOp('F.embedding', ([w], { indices }) => F.embedding(tg.tensor(indices, { dtype: 'int32' }), w!), {
    inputs: embeddingInputs,
  });
  checkOp('F.layerNorm', ([x, w, b], { norm }) => F.layerNorm(x!, norm, { weight: w, bias: b }), {
    inputs: layerNormInputs,
    distinct: [0],
    numRuns: 8,
  });
  checkOp('F.batchNorm', ([x, w, b]) => F.batchNorm(x!, null, null, { weight: w, bias: b, training: true }), {
    label: 'training',
    inputs: batchNormInputs,
    distinct: [0],
  });
  checkOp('F.batchNorm', ([x, m, v, w, b]) => F.batchNorm(x!, m!, v!, { weight: w, bias: b }), {
    label: 'evaluation',
    inputs: fc.record({ n: size, c: size }).map(({ n, c }) => ({ shapes: [[n, c, 2], [c], [c], [c], [c]], params: {} })),
    domain: [undefined, undefined, positive(), undefined, undefined],
  });
  checkOp('F.cosineSimilarity', ([a, b], { dim }) => F.cosineSimilarity(a!, b!, { dim }), {
    inputs: fc
      .record({ shape: shapeArb({ minDims: 1, empty: false }), drop: fc.boolean() })
      .chain(({ shape, drop }) =>
        fc.integer({ min: -shape.length, max: shape.length - 1 }).map((dim) => ({ shapes: [shape, drop ? shape.slice(1) : shape], params: { dim: drop && dim === 0 ? -1 : dim } })),
      )
      .filter((c) => c.shapes[1]!.length > 0),
    distinct: true,
    numRuns: 8,
  });
  checkOp('F.dropout', ([x], { seed }) => F.dropout(x!, { p: 0.3, generator: new tg.Generator(seed) }), {
    inputs: shapeArb().chain((s) => fc.integer({ min: 0, max: 1000 }).map((seed) => ({ shapes: [s], params: { seed } }))),
  });
});

describe('layers: behaviour', () => {
  it('batchNorm updates running statistics in place (unbiased variance), without recording gradients', () => {
    const x = tg.tensor([[1, 2], [3, 6], [5, 10]], { dtype: 'float64', requiresGrad: true });
    const rm = tg.zeros([2], { dtype: 'float64' }), rv = tg.ones([2], { dtype: 'float64' });
    const v0 = rm.version;
    const y = F.batchNorm(x, rm, rv, { training: true, momentum: 0.5 });
    expectClose(rm, [1.5, 3]);                  // 0.5·0 + 0.5·[3, 6]
    expectClose(rv, [0.5 + 0.5 * 4, 0.5 + 0.5 * 16]); // unbiased var [4, 16]
    expect(rm.version).toBeGreaterThan(v0);
    expect(rm.requiresGrad).toBe(false);
    expectClose(y.select(1, 0), [-1.2247, 0, 1.2247].map((v) => v * Math.sqrt(8 / 3) / Math.sqrt(8 / 3 + 1e-5)), 1e-4);
    y.sum().backward();
    expect(x.grad!.shape).toEqual([3, 2]);
  });

  it('batchNorm in evaluation mode uses and keeps the running statistics', () => {
    const rm = tg.tensor([1, -1], { dtype: 'float64' }), rv = tg.tensor([4, 0.25], { dtype: 'float64' });
    const y = F.batchNorm(tg.tensor([[3, 0]], { dtype: 'float64' }), rm, rv, { eps: 0 });
    expectClose(y, [[1, 2]]);
    expectClose(rm, [1, -1]);
  });

  it('embedding gives the padding row no gradient, and accumulates repeated rows', () => {
    const w = tg.ones([3, 2], { dtype: 'float64', requiresGrad: true });
    const idx = tg.tensor([0, 1, 1, 2, 1], { dtype: 'int32' });
    F.embedding(idx, w, { paddingIdx: 2 }).sum().backward();
    expectClose(w.grad!, [[1, 1], [3, 3], [0, 0]]);
  });

  it('dropout: identity when not training or p = 0, zeros when p = 1, inverted scaling otherwise', () => {
    const x = tg.ones([1000], { dtype: 'float64', requiresGrad: true });
    expect(F.dropout(x, { training: false })).toBe(x);
    expect(F.dropout(x, { p: 0 })).toBe(x);
    expect(new Set(F.dropout(x, { p: 1 }).dataSync())).toEqual(new Set([0]));
    tg.manualSeed(3);
    const y = F.dropout(x, { p: 0.25 });
    const values = Array.from(y.dataSync());
    expect(new Set(values)).toEqual(new Set([0, 1 / 0.75]));
    const kept = values.filter((v) => v !== 0).length;
    expect(kept).toBeGreaterThan(700);
    expect(kept).toBeLessThan(800);
    y.sum().backward();
    expect(Array.from(x.grad!.dataSync())).toEqual(values);
  });

  it('dropout is reproducible with tg.manualSeed and with a Generator', () => {
    const x = tg.ones([64]);
    tg.manualSeed(11);
    const a = F.dropout(x).toArray();
    tg.manualSeed(11);
    expect(F.dropout(x).toArray()).toEqual(a);
    const b = F.dropout(x, { generator: new tg.Generator(5) }).toArray();
    expect(F.dropout(x, { generator: new tg.Generator(5) }).toArray()).toEqual(b);
    expect(F.dropout(tg.ones([2], { dtype: 'float64' })).dtype).toBe('float64');
  });

  it('linear accepts a 1-d input and keeps float32', () => {
    const y = F.linear(tg.tensor([1, 2]), tg.tensor([[1, 1], [2, 0]]), tg.tensor([0, 1]));
    expect(y.dtype).toBe('float32');
    expect(y.toArray()).toEqual([3, 3]);
  });

  it('cosineSimilarity of a zero vector is 0 with a finite gradient', () => {
    const a = tg.zeros([1, 3], { dtype: 'float64', requiresGrad: true });
    const y = F.cosineSimilarity(a, tg.ones([1, 3], { dtype: 'float64' }));
    expect(y.toArray()).toEqual([0]);
    y.sum().backward();
    for (const v of a.grad!.dataSync()) expect(Number.isFinite(v)).toBe(true);
  });
});
