/**
 * @file `fit`: the Keras training loop over PyTorch-style modules — per batch forward, loss,
 * backward, optional gradient clipping and `optimizer.step()`; per epoch an optional
 * validation pass, the scheduler step, callbacks, progress output and a `History` entry.
 */
import { TensorError } from '../core/errors.js';
import { Module } from '../nn/module.js';
import { clipGradNorm_, clipGradValue_ } from '../nn/utils.js';
import { ReduceLROnPlateau } from '../optim/lr-scheduler/reduce-lr-on-plateau.js';
import type { LRScheduler } from '../optim/lr-scheduler/scheduler.js';
import { Optimizer } from '../optim/optimizer.js';
import { History } from './history.js';
import {
  Averager, batchSize, computeMetrics, evaluationPass, runLoss, runModel, splitLabeled, toNumber,
} from './loop.js';
import { resolveMetrics, valKey, type Metric, type MetricSpec } from './metrics.js';
import { createProgress, progressMode, type Progress } from './progress.js';
import type { Callback, Loader, Logs, Loss, TrainState } from './types.js';

/** Options of `fit`. */
export interface FitOptions {
  /** Updates the model's parameters after each batch. */
  optimizer: Optimizer;
  /** The loss to minimize: `(output, target) => Tensor` (e.g. `tg.F.crossEntropy`) or a loss module. */
  loss: Loss;
  /** Passes over the training loader (default 1). */
  epochs?: number;
  /** Values to log besides the loss: `'accuracy'`, `'mae'`, `'mse'`, or your own (see `MetricSpec`). */
  metrics?: readonly MetricSpec[];
  /** Batches to validate on after every epoch, in eval mode without a graph (logged as `valLoss`, `valAccuracy`, …). */
  validation?: Loader;
  /** Hooks into the loop (`earlyStopping`, `modelCheckpoint`, `emaCallback`, or your own). */
  callbacks?: readonly Callback[];
  /**
   * A learning-rate scheduler, stepped after every epoch (or every batch, see `schedulerStep`).
   * `ReduceLROnPlateau` is stepped with `valLoss` when there is validation, else with `loss`.
   */
  scheduler?: LRScheduler | ReduceLROnPlateau;
  /** When to step `scheduler`: `'epoch'` (default) or `'batch'` (for `OneCycleLR`). */
  schedulerStep?: 'epoch' | 'batch';
  /** Clip the gradients' total 2-norm to this before each step (`tg.nn.utils.clipGradNorm_`). */
  clipGradNorm?: number;
  /** Clamp every gradient to `[-v, v]` before each step (`tg.nn.utils.clipGradValue_`). */
  clipGradValue?: number;
  /**
   * Print nothing. Otherwise `fit` draws a progress bar per epoch on an interactive terminal, and
   * prints one summary line per epoch when stdout is not a terminal or `CI` is set.
   */
  quiet?: boolean;
}

/** Checks the options that would otherwise fail deep inside the loop. */
function checkOptions(model: Module, loader: Loader, o: FitOptions): void {
  const fail = (what: string): never => {
    throw new TensorError(`fit: ${what}`);
  };
  if (!(model instanceof Module)) fail('model must be an nn.Module');
  if (loader === null || typeof loader !== 'object' || typeof loader[Symbol.iterator] !== 'function') fail('the training data must be an iterable of batches, such as a DataLoader');
  if (!(o?.optimizer instanceof Optimizer)) fail('options.optimizer must be an optimizer, e.g. new tg.optim.SGD(model.parameters(), { lr: 0.01 })');
  if (!(o.loss instanceof Module) && typeof o.loss !== 'function') fail('options.loss must be a function (output, target) => Tensor or a loss module');
  const epochs = o.epochs ?? 1;
  if (!(Number.isInteger(epochs) && epochs >= 0)) fail(`epochs must be an integer >= 0, got ${epochs}`);
  for (const [name, v] of [['clipGradNorm', o.clipGradNorm], ['clipGradValue', o.clipGradValue]] as const) {
    if (v !== undefined && !(v > 0)) fail(`${name} must be a positive number, got ${v}`);
  }
  if (o.schedulerStep === 'batch' && o.scheduler instanceof ReduceLROnPlateau) fail("ReduceLROnPlateau steps once per epoch; use schedulerStep: 'epoch'");
}

/** Runs one hook of every callback, in order, awaiting each. */
async function notify(callbacks: readonly Callback[], call: (cb: Callback) => void | Promise<void>): Promise<void> {
  for (const cb of callbacks) await call(cb);
}

/** Everything one epoch needs. */
interface EpochContext {
  readonly model: Module;
  readonly loader: Loader;
  readonly options: FitOptions;
  readonly metrics: readonly Metric[];
  readonly callbacks: readonly Callback[];
  readonly state: TrainState;
  readonly progress: Progress;
}

/** One pass over the training loader; returns the epoch's means, the batch count and the samples seen. */
async function trainEpoch(ctx: EpochContext): Promise<{ logs: Logs; batches: number; samples: number; lr: number }> {
  const { model, loader, options, metrics, callbacks, state, progress } = ctx;
  const { optimizer, loss, scheduler } = options;
  const avg = new Averager();
  const start = performance.now();
  let batches = 0;
  let samples = 0;
  let lr = optimizer.paramGroups[0]!.lr;
  for (const batch of loader) {
    const { input, target } = splitLabeled(batch, 'fit');
    optimizer.zeroGrad();
    const output = runModel(model, input, 'fit');
    const lossValue = runLoss(loss, output, target, 'fit');
    lossValue.backward();
    if (options.clipGradValue !== undefined) clipGradValue_(model.parameters(), options.clipGradValue);
    if (options.clipGradNorm !== undefined) clipGradNorm_(model.parameters(), options.clipGradNorm);
    optimizer.step();
    lr = optimizer.paramGroups[0]!.lr;
    if (options.schedulerStep === 'batch' && scheduler !== undefined && !(scheduler instanceof ReduceLROnPlateau)) scheduler.step();
    const metricValues = computeMetrics(metrics, output, target);
    const logs: Logs = { loss: await toNumber(lossValue, 'fit: the loss') };
    for (let i = 0; i < metrics.length; i++) logs[metrics[i]!.name] = await toNumber(metricValues[i]!, `fit: metric '${metrics[i]!.name}'`);
    const n = batchSize(input);
    avg.add(logs, n);
    samples += n;
    logs.lr = lr;
    await notify(callbacks, (cb) => cb.onBatchEnd?.(batches, logs, state));
    batches += 1;
    progress.batch(batches, avg.result(), samples / ((performance.now() - start) / 1000));
  }
  if (batches === 0) throw new TensorError('fit: the training loader yielded no batches');
  return { logs: avg.result(), batches, samples, lr };
}

/**
 * Trains `model` on the batches of `trainLoader` for `epochs` epochs, Keras's `model.fit` for
 * PyTorch-style modules, and returns the `History` of per-epoch means.
 *
 * Each epoch runs in train mode: for every `[input, target]` batch, `optimizer.zeroGrad()`,
 * `output = model.forward(input)`, `loss(output, target).backward()`, gradient clipping when
 * asked, `optimizer.step()`. Metrics are computed on the same outputs, without a graph. Then,
 * when `validation` is given, the model is switched to eval mode and run under `noGrad` over
 * it (logged as `valLoss`, `valAccuracy`, …), and back to train mode. Then the scheduler steps,
 * the epoch's means (`loss`, metrics, validation values, and `lr`, the first param group's
 * learning rate of the epoch's last batch) go into the history and `onEpochEnd` runs. A
 * callback can stop training after any epoch (`state.stopTraining = true`). The model is left
 * in the mode it was in before.
 *
 * @param model the module to train; `model.forward(input)` must return a tensor
 * @param trainLoader batches `[input, target]`, e.g. a `tg.data.DataLoader`, looped over once per epoch
 * @param options the optimizer, the loss, and the rest of `FitOptions`
 *
 * @example
 * ```ts
 * tg.manualSeed(0);
 * const x = tg.randn([64, 2]);
 * const y = x.sum(1).gt(0).int();                  // class 1 when x0 + x1 > 0
 * const loader = new tg.data.DataLoader(new tg.data.TensorDataset(x, y), { batchSize: 16, shuffle: true });
 * class Classifier extends tg.nn.Module {
 *   w = new tg.nn.Parameter(tg.randn([2, 2]));
 *   b = new tg.nn.Parameter(tg.zeros([2]));
 *   override forward(x: tg.Tensor): tg.Tensor {
 *     return x.matmul(this.w).add(this.b);
 *   }
 * }
 * const model = new Classifier();
 * const history = await tg.train.fit(model, loader, {
 *   optimizer: new tg.optim.Adam(model.parameters(), { lr: 0.05 }),
 *   loss: tg.F.crossEntropy,
 *   epochs: 2,
 *   metrics: ['accuracy'],
 *   validation: loader,
 *   quiet: true,
 * });
 * history.keys;              // ['loss', 'accuracy', 'valLoss', 'valAccuracy', 'lr']
 * history.get('loss').length; // 2
 * ```
 */
export async function fit(model: Module, trainLoader: Loader, options: FitOptions): Promise<History> {
  checkOptions(model, trainLoader, options);
  const epochs = options.epochs ?? 1;
  const metrics = resolveMetrics(options.metrics);
  const callbacks = options.callbacks ?? [];
  const history = new History();
  const state: TrainState = { model, optimizer: options.optimizer, history, epochs, epoch: 0, stopTraining: false };
  const progress = createProgress(progressMode(options.quiet), epochs);
  const ctx: EpochContext = { model, loader: trainLoader, options, metrics, callbacks, state, progress };
  const wasTraining = model.training;
  try {
    await notify(callbacks, (cb) => cb.onTrainBegin?.(state));
    for (let epoch = 0; epoch < epochs && !state.stopTraining; epoch++) {
      state.epoch = epoch;
      model.train();
      await notify(callbacks, (cb) => cb.onEpochBegin?.(epoch, state));
      const length = trainLoader.length;
      progress.epochBegin(epoch, typeof length === 'number' ? length : undefined);
      const start = performance.now();
      const { logs, batches, samples, lr } = await trainEpoch(ctx);
      const seconds = (performance.now() - start) / 1000;
      if (options.validation !== undefined) {
        model.eval();
        await notify(callbacks, (cb) => cb.onValidationBegin?.(state));
        const val = await evaluationPass(model, options.validation, { loss: options.loss, metrics }, 'fit (validation)');
        const valLogs = Object.fromEntries(Object.entries(val).map(([k, v]) => [valKey(k), v]));
        await notify(callbacks, (cb) => cb.onValidationEnd?.(valLogs, state));
        model.train();
        Object.assign(logs, valLogs);
      }
      logs.lr = lr;
      stepScheduler(options, logs);
      history.record(epoch, logs);
      progress.epochEnd(batches, logs, seconds, samples / seconds);
      await notify(callbacks, (cb) => cb.onEpochEnd?.(epoch, logs, state));
    }
    progress.stop();
    await notify(callbacks, (cb) => cb.onTrainEnd?.(state));
  } finally {
    progress.stop();
    model.train(wasTraining);
  }
  return history;
}

/** The end-of-epoch scheduler step. */
function stepScheduler(options: FitOptions, logs: Logs): void {
  const { scheduler } = options;
  if (scheduler === undefined || options.schedulerStep === 'batch') return;
  if (scheduler instanceof ReduceLROnPlateau) scheduler.step(logs.valLoss ?? logs.loss!);
  else scheduler.step();
}
