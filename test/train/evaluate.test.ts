/**
 * @file `tg.train.evaluate`, `tg.train.predict` and the built-in metrics.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as train from '../../src/train/index.js';
import { Line, Xor, lineBatches, xorData } from './models.js';

const i32 = { dtype: 'int32' } as const;

describe('evaluate', () => {
  it('returns the size-weighted mean loss and metrics over the loader, in eval mode without a graph', async () => {
    const model = new Line();
    tg.noGrad(() => model.w.fill_(1.5));
    const batches = lineBatches(10, 4); // sizes 4, 4, 2
    const result = await train.evaluate(model, batches, { loss: tg.F.mseLoss, metrics: ['mae', 'mse'] });
    const x = tg.linspace(-1, 1, 10).reshape([10, 1]);
    const out = model.forward(x);
    const y = x.mul(2).add(1);
    expect(Object.keys(result)).toEqual(['loss', 'mae', 'mse']);
    expect(result.loss).toBeCloseTo(tg.F.mseLoss(out, y).item(), 6);
    expect(result.mse).toBeCloseTo(result.loss!, 6);
    expect(result.mae).toBeCloseTo(tg.F.l1Loss(out, y).item(), 6);
    expect(model.training).toBe(true);
  });

  it('runs the model in eval mode under noGrad and restores its mode', async () => {
    const model = new Xor();
    const ds = xorData(6, 0);
    const res = await train.evaluate(model, [[ds.tensors[0], ds.tensors[1]]], { metrics: ['accuracy'] });
    expect(Object.keys(res)).toEqual(['accuracy']);
    expect(model.calls).toEqual([{ training: false, grad: false }]);
    expect(model.training).toBe(true);
    await expect(train.evaluate(model, [], { metrics: ['accuracy'] })).rejects.toThrow(/yielded no batches/);
    await expect(train.evaluate(model, [[ds.tensors[0], ds.tensors[1]]])).rejects.toThrow(/nothing to compute/);
  });
});

describe('predict', () => {
  it('returns the outputs for a tensor, batch by batch, with no graph', () => {
    const model = new Xor();
    const x = tg.randn([10, 2]);
    const all = train.predict(model, x);
    const batched = train.predict(model, x, { batchSize: 3 });
    expect(batched.shape).toEqual([10, 2]);
    expect(batched.requiresGrad).toBe(false);
    // Batches of 3 may take another matmul kernel than the batch of 10 (float32 rounding differs).
    const got = batched.dataSync(), want = all.dataSync();
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want[i]!)));
    expect(model.calls.slice(1).map((c) => c.training)).toEqual([false, false, false, false]);
    expect(model.training).toBe(true);
    expect(() => train.predict(model, x, { batchSize: 0 })).toThrow(/batchSize must be an integer >= 1/);
  });

  it('takes loaders of [input, target], [input] or input tensors', () => {
    const model = new Xor();
    const loader = new tg.data.DataLoader(xorData(7, 1), { batchSize: 3 });
    expect(train.predict(model, loader).shape).toEqual([7, 2]);
    expect(train.predict(model, [tg.ones([2, 2]), [tg.ones([1, 2])]]).shape).toEqual([3, 2]);
    expect(() => train.predict(model, [])).toThrow(/yielded no batches/);
  });
});

describe('metrics', () => {
  const value = (m: train.Metric, out: tg.Tensor, target: tg.Tensor): number => {
    const v = m.fn(out, target);
    return typeof v === 'number' ? v : v.item();
  };
  it('accuracy: argmax of multi-class outputs against class indices or one-hot targets', () => {
    const logits = tg.tensor([[2, 1, 0], [0, 3, 1], [0, 0, 1], [5, 0, 0]]);
    expect(value(train.accuracy(), logits, tg.tensor([0, 1, 1, 2], i32))).toBe(0.5);
    expect(value(train.accuracy(), logits, tg.tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]]))).toBe(1);
    expect(() => train.accuracy().fn(logits, tg.tensor([0, 1], i32))).toThrow(/4 predictions but target \[2\] has 2 labels/);
  });

  it('accuracy: single outputs are thresholded (0.5 by default, any threshold for logits)', () => {
    const probs = tg.tensor([[0.9], [0.2], [0.6], [0.4]]);
    const target = tg.tensor([1, 0, 0, 0]);
    expect(value(train.accuracy(), probs, target)).toBe(0.75);
    expect(value(train.accuracy(), tg.tensor([0.9, 0.2, 0.6, 0.4]), target.reshape([4, 1]))).toBe(0.75);
    const logits = tg.tensor([2, -1, 0.3, -0.1]);
    expect(value(train.accuracy({ threshold: 0 }), logits, target)).toBe(0.75);
    expect(value(train.accuracy(), logits, target)).toBe(1);
  });

  it('mae / mse align [N, 1] outputs with [N] targets instead of broadcasting', () => {
    const out = tg.tensor([[1], [2], [3]]);
    const target = tg.tensor([1, 4, 3]);
    expect(value(train.mae(), out, target)).toBeCloseTo(2 / 3, 6);
    expect(value(train.mse(), out, target)).toBeCloseTo(4 / 3, 6);
  });

  it('custom metrics are logged under their names, with val prefixes for validation', async () => {
    const model = new Line();
    const batches = lineBatches(4, 2);
    const history = await train.fit(model, batches, {
      optimizer: new tg.optim.SGD(model.parameters(), { lr: 0.1 }), loss: tg.F.mseLoss, quiet: true, validation: batches,
      metrics: [function maxError(o, t) { return o.sub(t).abs().max(); }, { name: 'one', fn: () => 1 }, (o) => o.mean()],
    });
    expect(history.keys).toEqual(['loss', 'maxError', 'one', 'metric2', 'valLoss', 'valMaxError', 'valOne', 'valMetric2', 'lr']);
    expect(history.get('one')).toEqual([1]);
    expect(history.get('val_one')).toEqual([1]);
  });
});
