/**
 * @file `tg.train.fit`: learning (regression and an XOR-like classifier), modes, validation,
 * schedulers, gradient clipping, hook order, option checks and what it prints.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as tg from '../../src/index.js';
import { MSELoss } from '../../src/nn/loss.js';
import * as train from '../../src/train/index.js';
import { Line, Xor, gradNorm, lineBatches, xorData } from './models.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('fit', () => {
  it('fits a linear regression with SGD: the loss falls, keys are logged per epoch', async () => {
    const model = new Line();
    const history = await train.fit(model, lineBatches(32, 8), {
      optimizer: new tg.optim.SGD(model.parameters(), { lr: 0.2 }),
      loss: new MSELoss(),
      epochs: 15,
      metrics: ['mae'],
      quiet: true,
    });
    const loss = history.get('loss');
    expect(history.keys).toEqual(['loss', 'mae', 'lr']);
    expect(history.epoch).toEqual([...Array(15).keys()]);
    expect(loss).toHaveLength(15);
    expect(loss[14]!).toBeLessThan(loss[0]! / 100);
    expect(history.get('mae')[14]!).toBeLessThan(history.get('mae')[0]!);
    expect(model.w.item()).toBeCloseTo(2, 1);
    expect(model.b.item()).toBeCloseTo(1, 1);
  });

  it('trains an XOR-like classifier with Adam from a DataLoader: accuracy rises, validation is logged', async () => {
    const model = new Xor();
    tg.manualSeed(1);
    const loader = new tg.data.DataLoader(xorData(128, 2), { batchSize: 32, shuffle: true });
    const valLoader = new tg.data.DataLoader(xorData(64, 3), { batchSize: 64 });
    const history = await train.fit(model, loader, {
      optimizer: new tg.optim.Adam(model.parameters(), { lr: 0.05 }),
      loss: tg.F.crossEntropy,
      epochs: 30,
      metrics: ['accuracy'],
      validation: valLoader,
      quiet: true,
    });
    expect(history.keys).toEqual(['loss', 'accuracy', 'valLoss', 'valAccuracy', 'lr']);
    const acc = history.get('accuracy');
    expect(acc[29]!).toBeGreaterThan(0.9);
    expect(acc[29]!).toBeGreaterThan(acc[0]! + 0.2);
    expect(history.get('val_accuracy')[29]!).toBeGreaterThan(0.85);
    expect(history.get('loss')[29]!).toBeLessThan(history.get('loss')[0]!);
  });

  it('trains in train mode with a graph, validates in eval mode under noGrad, and restores the mode', async () => {
    const model = new Xor();
    model.eval();
    const data = xorData(8, 0);
    const batches = [[data.tensors[0], data.tensors[1]]] as const;
    await train.fit(model, batches, {
      optimizer: new tg.optim.SGD(model.parameters(), { lr: 0.1 }),
      loss: tg.F.crossEntropy,
      epochs: 2,
      validation: [[data.tensors[0], data.tensors[1]]],
      quiet: true,
    });
    expect(model.calls).toEqual([
      { training: true, grad: true }, { training: false, grad: false },
      { training: true, grad: true }, { training: false, grad: false },
    ]);
    expect(model.training).toBe(false);
    expect(model.fc1.training).toBe(false);
  });

  it('averages batch values weighted by batch size', async () => {
    const model = new Line();
    const batches = lineBatches(5, 3); // sizes 3 and 2
    const seen: number[] = [];
    const history = await train.fit(model, batches, {
      optimizer: new tg.optim.SGD(model.parameters(), { lr: 0 }),
      loss: tg.F.mseLoss,
      callbacks: [{ onBatchEnd: (_b, logs) => void seen.push(logs.loss!) }],
      quiet: true,
    });
    expect(history.get('loss')[0]).toBeCloseTo((3 * seen[0]! + 2 * seen[1]!) / 5, 6);
  });

  it('steps an epoch scheduler once per epoch and logs the lr each epoch trained with', async () => {
    const model = new Line();
    const optimizer = new tg.optim.SGD(model.parameters(), { lr: 0.1 });
    const history = await train.fit(model, lineBatches(8, 4), {
      optimizer, loss: tg.F.mseLoss, epochs: 3, quiet: true,
      scheduler: new tg.optim.lrScheduler.StepLR(optimizer, 1, { gamma: 0.5 }),
    });
    expect(history.get('lr')).toEqual([0.1, 0.05, 0.025]);
    expect(optimizer.paramGroups[0]!.lr).toBeCloseTo(0.0125, 12);
  });

  it("steps a scheduler per batch with schedulerStep: 'batch'", async () => {
    const model = new Line();
    const optimizer = new tg.optim.SGD(model.parameters(), { lr: 1 });
    const history = await train.fit(model, lineBatches(6, 2), {
      optimizer, loss: tg.F.mseLoss, epochs: 2, quiet: true,
      scheduler: new tg.optim.lrScheduler.ExponentialLR(optimizer, 0.5), schedulerStep: 'batch',
    });
    expect(history.get('lr')).toEqual([0.25, 0.5 ** 5]);
    expect(optimizer.paramGroups[0]!.lr).toBe(0.5 ** 6);
  });

  it('steps ReduceLROnPlateau with valLoss', async () => {
    const model = new Line();
    // The optimizer holds a tensor outside the model, so the validation loss stays the same.
    const optimizer = new tg.optim.SGD([tg.zeros([1], { requiresGrad: true })], { lr: 0.01 });
    const batches = lineBatches(4, 4);
    const history = await train.fit(model, batches, {
      optimizer, loss: tg.F.mseLoss, epochs: 3, quiet: true, validation: batches,
      scheduler: new tg.optim.lrScheduler.ReduceLROnPlateau(optimizer, { patience: 0, factor: 0.1 }),
    });
    const lr = history.get('lr');
    expect(lr[0]).toBe(0.01);
    expect(lr[1]).toBe(0.01);
    expect(lr[2]).toBeCloseTo(0.001, 12);
  });

  it('clips the total gradient norm (and values) before each step', async () => {
    const big = lineBatches(8, 4).map(([x, y]) => [x, y.mul(1000)] as const);
    const norms = async (extra: Partial<train.FitOptions>): Promise<number[]> => {
      const model = new Line();
      const out: number[] = [];
      await train.fit(model, big, {
        optimizer: new tg.optim.SGD(model.parameters(), { lr: 1e-6 }), loss: tg.F.mseLoss, quiet: true,
        callbacks: [{ onBatchEnd: () => void out.push(gradNorm(model)) }], ...extra,
      });
      return out;
    };
    expect(Math.min(...(await norms({})))).toBeGreaterThan(10);
    for (const n of await norms({ clipGradNorm: 0.5 })) expect(n).toBeCloseTo(0.5, 4);
    for (const n of await norms({ clipGradValue: 0.1 })) expect(n).toBeLessThanOrEqual(Math.sqrt(2) * 0.1 + 1e-6);
  });

  it('calls the hooks in order, and a callback can stop training', async () => {
    const events: string[] = [];
    const recorder: train.Callback = {
      onTrainBegin: () => void events.push('trainBegin'),
      onEpochBegin: (e) => void events.push(`epochBegin ${e}`),
      onBatchEnd: (b) => void events.push(`batchEnd ${b}`),
      onValidationBegin: () => void events.push('validationBegin'),
      onValidationEnd: (logs) => void events.push(`validationEnd ${Object.keys(logs).join(',')}`),
      onEpochEnd: async (e, logs, state) => {
        await Promise.resolve();
        events.push(`epochEnd ${e} ${Object.keys(logs).join(',')} history=${state.history.epoch.length}`);
        if (e === 1) state.stopTraining = true;
      },
      onTrainEnd: () => void events.push('trainEnd'),
    };
    const model = new Line();
    const batches = lineBatches(4, 2);
    const history = await train.fit(model, batches, {
      optimizer: new tg.optim.SGD(model.parameters(), { lr: 0.1 }), loss: tg.F.mseLoss,
      epochs: 5, validation: batches, callbacks: [recorder], quiet: true,
    });
    const epoch = (e: number): string[] => [
      `epochBegin ${e}`, 'batchEnd 0', 'batchEnd 1', 'validationBegin', 'validationEnd valLoss',
      `epochEnd ${e} loss,valLoss,lr history=${e + 1}`,
    ];
    expect(events).toEqual(['trainBegin', ...epoch(0), ...epoch(1), 'trainEnd']);
    expect(history.epoch).toEqual([0, 1]);
  });

  it('rejects bad options and bad batches with clear errors', async () => {
    const model = new Line();
    const optimizer = new tg.optim.SGD(model.parameters(), { lr: 0.1 });
    const batches = lineBatches(4, 2);
    const run = (loader: train.Loader, o: Partial<train.FitOptions>): Promise<unknown> =>
      train.fit(model, loader, { optimizer, loss: tg.F.mseLoss, quiet: true, ...o });
    await expect(run(batches, { epochs: 1.5 })).rejects.toThrow(/epochs must be an integer/);
    await expect(run(batches, { metrics: ['f1' as 'mae'] })).rejects.toThrow(/unknown metric "f1"/);
    await expect(run(batches, { metrics: ['mae', 'mae'] })).rejects.toThrow(/used twice/);
    await expect(run([], {})).rejects.toThrow(/yielded no batches/);
    await expect(run([[tg.ones([2, 1])]], {})).rejects.toThrow(/must be \[input, target\]/);
    await expect(run(batches, { loss: (o) => o })).rejects.toThrow(/one-element tensor/);
    await expect(run(batches, { clipGradNorm: -1 })).rejects.toThrow(/clipGradNorm must be a positive/);
  });
});

describe('fit output', () => {
  const spyOutput = (): { text: () => string } => {
    const chunks: string[] = [];
    const capture = (chunk: unknown): boolean => {
      chunks.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    return { text: () => chunks.join('') };
  };
  const run = async (quiet: boolean | undefined): Promise<void> => {
    const model = new Line();
    await train.fit(model, lineBatches(4, 2), {
      optimizer: new tg.optim.SGD(model.parameters(), { lr: 0.1 }), loss: tg.F.mseLoss, epochs: 3,
      metrics: ['mae'], ...(quiet === undefined ? {} : { quiet }),
    });
  };

  it('prints nothing with quiet: true', async () => {
    const out = spyOutput();
    await run(true);
    expect(out.text()).toBe('');
  });

  it('prints one summary line per epoch when CI is set (or stdout is not a terminal)', async () => {
    vi.stubEnv('CI', 'true');
    const out = spyOutput();
    await run(undefined);
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Epoch 1\/3 - 2 batches - [\d.]+s - \d+ items\/s - loss \d\.\d{4} · mae \d\.\d{4} · lr 0\.1000$/);
    expect(lines[2]).toMatch(/^Epoch 3\/3 /);
  });
});
