/**
 * @file Built-in callbacks for `fit`: `earlyStopping` (stop when a logged value stops
 * improving, optionally going back to the best weights) and `modelCheckpoint` (save the
 * model's state dict as safetensors each epoch or at each new best). `emaCallback` is in
 * `ema-callback.ts`.
 */
import { noGrad } from '../autograd/grad-mode.js';
import { TensorError } from '../core/errors.js';
import { save } from '../io/safetensors.js';
import type { Module } from '../nn/module.js';
import type { Tensor } from '../tensor/tensor.js';
import { canonicalKey } from './metrics.js';
import type { Callback, Logs } from './types.js';

/** Whether a monitored value improves by going down (`'min'`) or up (`'max'`); `'auto'` guesses from its name. */
export type MonitorMode = 'min' | 'max' | 'auto';

/** `'max'` for accuracy-like names under `'auto'` (as Keras), else `'min'`. */
function resolveMode(monitor: string, mode: MonitorMode): 'min' | 'max' {
  if (mode === 'min' || mode === 'max') return mode;
  if (mode !== 'auto') throw new TensorError(`mode must be 'min', 'max' or 'auto', got ${String(mode)}`);
  return /acc|auc|precision|recall|f1/i.test(monitor) ? 'max' : 'min';
}

/** The monitored value of an epoch's logs; throws naming the keys that were logged. */
function monitored(where: string, monitor: string, logs: Logs): number {
  const value = logs[monitor];
  if (value === undefined) {
    const hint = monitor.startsWith('val') ? ' (validation values need fit(..., { validation }))' : '';
    throw new TensorError(`${where}: '${monitor}' was not logged${hint}; logged: ${Object.keys(logs).join(', ')}`);
  }
  return value;
}

/** Tracks the best value of a monitored quantity. */
class Best {
  value: number;
  constructor(readonly mode: 'min' | 'max', readonly minDelta = 0) {
    this.value = mode === 'min' ? Infinity : -Infinity;
  }
  improves(v: number): boolean {
    return this.mode === 'min' ? v < this.value - this.minDelta : v > this.value + this.minDelta;
  }
}

/** A copy of a model's state dict that later training does not change. */
const snapshot = (model: Module): Record<string, Tensor> =>
  noGrad(() => Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, t.clone()])));

/** Options of `earlyStopping`. */
export interface EarlyStoppingOptions {
  /** The logged value to watch (default `'valLoss'`; Keras's `'val_loss'` spelling works too). */
  monitor?: string;
  /** Epochs without improvement to wait before stopping (default 0). */
  patience?: number;
  /** The smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** `'min'`, `'max'`, or `'auto'` (default: `'max'` for accuracy-like names, else `'min'`). */
  mode?: MonitorMode;
  /** Load the weights of the best epoch into the model when training ends (default false). */
  restoreBestWeights?: boolean;
}

/** The callback `earlyStopping` returns, with what it saw. */
export interface EarlyStopping extends Callback {
  /** The best monitored value so far (±Infinity before the first epoch). */
  readonly best: number;
  /** The epoch (from 0) of the best value, or null. */
  readonly bestEpoch: number | null;
  /** The epoch after which it stopped training, or null when it did not. */
  readonly stoppedEpoch: number | null;
}

/**
 * Stops training once `monitor` has not improved by more than `minDelta` for `patience`
 * epochs (Keras's `EarlyStopping`). With `restoreBestWeights`, the model gets the weights of
 * its best epoch back when training ends (stopped early or not).
 *
 * @example
 * ```ts
 * class Line extends tg.nn.Module {
 *   w = new tg.nn.Parameter(tg.zeros([1]));
 *   override forward(x: tg.Tensor): tg.Tensor {
 *     return x.mul(this.w);
 *   }
 * }
 * const model = new Line();
 * const batches = [[tg.tensor([1, 2]), tg.tensor([2, 4])]];
 * const stopper = tg.train.earlyStopping({ monitor: 'loss', patience: 1, minDelta: 10 });
 * await tg.train.fit(model, batches, {
 *   optimizer: new tg.optim.SGD(model.parameters(), { lr: 0.1 }),
 *   loss: tg.F.mseLoss,
 *   epochs: 10,
 *   callbacks: [stopper],
 *   quiet: true,
 * });
 * stopper.stoppedEpoch; // 1
 * ```
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStopping {
  const monitor = canonicalKey(options.monitor ?? 'valLoss');
  const patience = options.patience ?? 0;
  const restore = options.restoreBestWeights ?? false;
  if (!(Number.isInteger(patience) && patience >= 0)) throw new TensorError(`earlyStopping: patience must be an integer >= 0, got ${patience}`);
  const mode = resolveMode(monitor, options.mode ?? 'auto');
  let best = new Best(mode, Math.abs(options.minDelta ?? 0));
  let bestEpoch: number | null = null;
  let stoppedEpoch: number | null = null;
  let bestWeights: Record<string, Tensor> | null = null;
  let wait = 0;
  return {
    get best() {
      return best.value;
    },
    get bestEpoch() {
      return bestEpoch;
    },
    get stoppedEpoch() {
      return stoppedEpoch;
    },
    onTrainBegin() {
      best = new Best(mode, best.minDelta);
      bestEpoch = stoppedEpoch = null;
      bestWeights = null;
      wait = 0;
    },
    onEpochEnd(epoch, logs, state) {
      const value = monitored('earlyStopping', monitor, logs);
      wait += 1;
      if (best.improves(value)) {
        best.value = value;
        bestEpoch = epoch;
        wait = 0;
        if (restore) bestWeights = snapshot(state.model);
        return;
      }
      if (wait >= patience && epoch > 0) {
        stoppedEpoch = epoch;
        state.stopTraining = true;
      }
    },
    onTrainEnd(state) {
      if (restore && bestWeights !== null) state.model.loadStateDict(bestWeights);
    },
  };
}

/** Options of `modelCheckpoint`. */
export interface ModelCheckpointOptions {
  /**
   * The file to write (safetensors). `{epoch}` is replaced by the epoch number from 1, and
   * `{name}` by the logged value `name` (4 decimals), e.g. `'ckpt-{epoch}-{valLoss}.safetensors'`.
   */
  path: string;
  /** The logged value that decides what is best (default `'valLoss'`). */
  monitor?: string;
  /** Save only when `monitor` improves on the best so far (default false: save every epoch). */
  saveBestOnly?: boolean;
  /** `'min'`, `'max'`, or `'auto'` (default: `'max'` for accuracy-like names, else `'min'`). */
  mode?: MonitorMode;
}

/** The callback `modelCheckpoint` returns. */
export interface ModelCheckpoint extends Callback {
  /** The path of the last file written, or null. */
  readonly lastSaved: string | null;
  /** The best monitored value so far (only tracked with `saveBestOnly`). */
  readonly best: number;
}

/**
 * Saves `model.stateDict()` with `tg.io.save` after every epoch, or with `saveBestOnly` after
 * each epoch where `monitor` improved (Keras's `ModelCheckpoint`). The file is a safetensors
 * file with PyTorch's key names and `{ format: 'pt' }` metadata, so PyTorch can
 * `load_state_dict(safetensors.torch.load_file(path))` it and `tg.io.load` reads it back.
 *
 * @example
 * ```ts
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import * as tg from 'tensorgrad';
 *
 * class Affine extends tg.nn.Module {
 *   w = new tg.nn.Parameter(tg.randn([2, 1]));
 *   b = new tg.nn.Parameter(tg.zeros([1]));
 *   override forward(x: tg.Tensor): tg.Tensor {
 *     return x.matmul(this.w).add(this.b);
 *   }
 * }
 * const model = new Affine();
 * const path = join(tmpdir(), 'tensorgrad-checkpoint-example.safetensors');
 * await tg.train.fit(model, [[tg.ones([4, 2]), tg.zeros([4, 1])]], {
 *   optimizer: new tg.optim.SGD(model.parameters(), { lr: 0.1 }),
 *   loss: tg.F.mseLoss,
 *   callbacks: [tg.train.modelCheckpoint({ path, monitor: 'loss', saveBestOnly: true })],
 *   quiet: true,
 * });
 * Object.keys(tg.io.load(path)); // ['b', 'w'] (safetensors sorts the keys)
 * ```
 */
export function modelCheckpoint(options: ModelCheckpointOptions): ModelCheckpoint {
  if (typeof options?.path !== 'string' || options.path === '') throw new TensorError('modelCheckpoint: path must be a non-empty string');
  const monitor = canonicalKey(options.monitor ?? 'valLoss');
  const saveBestOnly = options.saveBestOnly ?? false;
  const mode = resolveMode(monitor, options.mode ?? 'auto');
  let best = new Best(mode);
  let lastSaved: string | null = null;
  const fill = (epoch: number, logs: Logs): string =>
    options.path.replace(/\{(\w+)\}/g, (whole, key: string) => {
      if (key === 'epoch') return String(epoch + 1);
      const value = logs[canonicalKey(key)];
      return value === undefined ? whole : value.toFixed(4);
    });
  return {
    get lastSaved() {
      return lastSaved;
    },
    get best() {
      return best.value;
    },
    onTrainBegin() {
      best = new Best(mode);
    },
    onEpochEnd(epoch, logs, state) {
      if (saveBestOnly) {
        const value = monitored('modelCheckpoint', monitor, logs);
        if (!best.improves(value)) return;
        best.value = value;
      }
      const path = fill(epoch, logs);
      save(state.model.stateDict(), path, { format: 'pt', epoch: String(epoch + 1) });
      lastSaved = path;
    },
  };
}
