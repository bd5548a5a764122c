/**
 * @file The built-in callbacks: `earlyStopping`, `modelCheckpoint` (files that `tg.io.load`
 * reads back with PyTorch's key names) and `emaCallback`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as train from '../../src/train/index.js';
import { Line, Xor, lineBatches, weights } from './models.js';

const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Training batches of y = 2x + 1 and validation batches of y = -2x - 1: the better it trains, the worse it validates. */
const train8 = lineBatches(8, 4);
const opposite = train8.map(([x, y]) => [x, y.neg()] as const);

const fitLine = (model: tg.nn.Module, o: Partial<train.FitOptions>): Promise<train.History> =>
  train.fit(model, train8, { optimizer: new tg.optim.SGD(model.parameters(), { lr: 0.1 }), loss: tg.F.mseLoss, quiet: true, ...o });

describe('earlyStopping', () => {
  it('stops once the monitored value has not improved for `patience` epochs and restores the best weights', async () => {
    const model = new Line();
    const snapshots: number[][][] = [];
    const stopper = train.earlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
    const history = await fitLine(model, {
      epochs: 20, validation: opposite,
      callbacks: [{ onEpochEnd: () => void snapshots.push(weights(model)) }, stopper],
    });
    const val = history.get('valLoss');
    expect(val[1]!).toBeGreaterThan(val[0]!);
    expect(stopper.bestEpoch).toBe(0);
    expect(stopper.best).toBe(val[0]);
    expect(stopper.stoppedEpoch).toBe(2);
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(weights(model)).toEqual(snapshots[0]);
    expect(weights(model)).not.toEqual(snapshots[2]);
  });

  it("keeps going while the value improves; mode 'auto' maximizes accuracy-like names", async () => {
    const stopper = train.earlyStopping({ monitor: 'loss', patience: 0 });
    const history = await fitLine(new Line(), { epochs: 5, callbacks: [stopper] });
    expect(history.epoch).toHaveLength(5);
    expect(stopper.stoppedEpoch).toBeNull();
    // 'mae' is minimized; with mode 'max' the falling mae stops training at once.
    const maxed = train.earlyStopping({ monitor: 'mae', mode: 'max' });
    expect((await fitLine(new Line(), { epochs: 5, metrics: ['mae'], callbacks: [maxed] })).epoch).toEqual([0, 1]);
  });

  it('throws a clear error when the monitored value is not logged', async () => {
    await expect(fitLine(new Line(), { callbacks: [train.earlyStopping()] })).rejects.toThrow(
      /earlyStopping: 'valLoss' was not logged \(validation values need fit\(\.\.\., \{ validation \}\)\); logged: loss, lr/,
    );
  });
});

describe('modelCheckpoint', () => {
  it('saves the state dict every epoch as safetensors that tg.io.load reads back with PyTorch key names', async () => {
    const model = new Xor();
    const path = join(dir, 'xor-{epoch}.safetensors');
    const data = [[tg.randn([4, 2]), tg.tensor([0, 1, 1, 0], { dtype: 'int32' })]] as const;
    const cb = train.modelCheckpoint({ path });
    await train.fit(model, data, {
      optimizer: new tg.optim.SGD(model.parameters(), { lr: 0.1 }), loss: tg.F.crossEntropy, epochs: 2,
      callbacks: [cb], quiet: true,
    });
    expect(existsSync(join(dir, 'xor-1.safetensors'))).toBe(true);
    expect(cb.lastSaved).toBe(join(dir, 'xor-2.safetensors'));
    const loaded = tg.io.load(cb.lastSaved!);
    expect(Object.keys(loaded).sort()).toEqual(Object.keys(model.stateDict()).sort());
    expect(Object.keys(loaded).sort()).toEqual(['fc1.bias', 'fc1.weight', 'fc2.bias', 'fc2.weight']);
    const fresh = new Xor();
    fresh.loadStateDict(loaded);
    expect(weights(fresh)).toEqual(weights(model));
  });

  it('with saveBestOnly saves only when the monitored value improves, filling {name} from the logs', async () => {
    const model = new Line();
    const saved: string[] = [];
    const snapshots: number[][][] = [];
    const cb = train.modelCheckpoint({ path: join(dir, 'line-{epoch}-{val_loss}.safetensors'), saveBestOnly: true });
    const history = await fitLine(model, {
      epochs: 3, validation: opposite,
      callbacks: [cb, { onEpochEnd: () => void (snapshots.push(weights(model)), saved.push(cb.lastSaved!)) }],
    });
    const name = `line-1-${history.get('valLoss')[0]!.toFixed(4)}.safetensors`;
    expect(saved).toEqual([join(dir, name), join(dir, name), join(dir, name)]);
    const { w, b } = tg.io.load(join(dir, name));
    expect([[...w!.dataSync()], [...b!.dataSync()]]).toEqual(snapshots[0]);
  });
});

describe('emaCallback', () => {
  it('averages after every step, validates with the averages and puts the trained weights back', async () => {
    const model = new Line();
    const cb = train.emaCallback({ decay: 0.9, useNumUpdates: false });
    const history = await fitLine(model, { epochs: 3, validation: opposite, callbacks: [cb] });
    const ema = cb.ema!;
    expect(ema.numUpdates).toBeNull();
    const trained = weights(model);
    const averaged = ema.shadowParams.map((t) => [...t.dataSync()]);
    expect(averaged).not.toEqual(trained);
    // valLoss of the last epoch is the loss of the averaged weights.
    ema.store();
    ema.copyTo();
    const withAverages = await train.evaluate(model, opposite, { loss: tg.F.mseLoss });
    ema.restore();
    expect(history.get('valLoss')[2]).toBeCloseTo(withAverages.loss!, 6);
    expect(weights(model)).toEqual(trained);
  });

  it('counts one update per batch, and with applyAtEnd leaves the averages in the model', async () => {
    const model = new Line();
    const cb = train.emaCallback({ decay: 0.5, applyAtEnd: true });
    expect(cb.ema).toBeNull();
    await fitLine(model, { epochs: 2, callbacks: [cb] });
    expect(cb.ema!.numUpdates).toBe(4);
    expect(weights(model)).toEqual(cb.ema!.shadowParams.map((t) => [...t.dataSync()]));
    expect(() => train.emaCallback({ decay: 2 })).toThrow(/decay must be between 0 and 1/);
  });
});
