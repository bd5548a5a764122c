/**
 * @file `emaCallback`: keeps an exponential moving average of the model's parameters during
 * `fit` and validates with it.
 */
import { TensorError } from '../core/errors.js';
import type { Module } from '../nn/module.js';
import { ExponentialMovingAverage } from '../optim/ema.js';
import type { Callback } from './types.js';

/** Options of `emaCallback`. */
export interface EMACallbackOptions {
  /** Weight of the old average at each update, in [0, 1] (e.g. 0.999). */
  decay: number;
  /** Warm the decay up as `min(decay, (1 + n) / (10 + n))` (default true, as `torch_ema`). */
  useNumUpdates?: boolean;
  /** Validate with the averaged weights (default true). */
  swapForValidation?: boolean;
  /** Copy the averages into the model when training ends (default false). */
  applyAtEnd?: boolean;
}

/** The callback `emaCallback` returns. */
export interface EMACallback extends Callback {
  /** The average, created at the start of the first `fit` (null before). */
  readonly ema: ExponentialMovingAverage | null;
}

/**
 * Keeps a `tg.optim.ExponentialMovingAverage` of the model's parameters, updated after every
 * `optimizer.step()`. The average starts at the weights the first `fit` begins with and
 * carries on across later `fit` calls of the same model with the same callback (a new model
 * starts a new average).
 *
 * Around the validation pass (with `swapForValidation`, the default) the averaged weights are
 * swapped in and the trained ones put back afterwards, so `valLoss` and the validation metrics
 * measure the averaged model, while the training values, checkpoints and
 * `earlyStopping`'s saved weights are those of the trained weights. With `applyAtEnd` the
 * model keeps the averages when training ends; otherwise use `cb.ema!.copyTo()` or
 * `cb.ema!.averageParameters(fn)` yourself.
 *
 * @example
 * ```ts
 * class Affine extends tg.nn.Module {
 *   w = new tg.nn.Parameter(tg.randn([2, 1]));
 *   b = new tg.nn.Parameter(tg.zeros([1]));
 *   override forward(x: tg.Tensor): tg.Tensor {
 *     return x.matmul(this.w).add(this.b);
 *   }
 * }
 * const model = new Affine();
 * const cb = tg.train.emaCallback({ decay: 0.9 });
 * await tg.train.fit(model, [[tg.ones([4, 2]), tg.ones([4, 1])]], {
 *   optimizer: new tg.optim.SGD(model.parameters(), { lr: 0.1 }),
 *   loss: tg.F.mseLoss,
 *   epochs: 2,
 *   callbacks: [cb],
 *   quiet: true,
 * });
 * cb.ema!.numUpdates; // 2
 * ```
 */
export function emaCallback(options: EMACallbackOptions): EMACallback {
  const { decay, useNumUpdates = true, swapForValidation = true, applyAtEnd = false } = options;
  if (!(decay >= 0 && decay <= 1)) throw new TensorError(`emaCallback: decay must be between 0 and 1, got ${decay}`);
  let ema: ExponentialMovingAverage | null = null;
  let owner: Module | null = null;
  const average = (): ExponentialMovingAverage => ema!;
  return {
    get ema() {
      return ema;
    },
    onTrainBegin(state) {
      if (owner === state.model && ema !== null) return;
      owner = state.model;
      ema = new ExponentialMovingAverage(state.model.parameters(), { decay, useNumUpdates });
    },
    onBatchEnd() {
      average().update();
    },
    onValidationBegin() {
      if (!swapForValidation) return;
      average().store();
      average().copyTo();
    },
    onValidationEnd() {
      if (swapForValidation) average().restore();
    },
    onTrainEnd() {
      if (applyAtEnd) average().copyTo();
    },
  };
}
