/**
 * @file The shared vocabulary of `tg.train`: what a batch, a loader, a loss and a log record
 * are, the state callbacks see, and the `Callback` interface itself.
 */
import type { Module } from '../nn/module.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { Tensor } from '../tensor/tensor.js';
import type { History } from './history.js';

/**
 * One batch as a loader yields it: `[input, target]` (what a `DataLoader` over a
 * `TensorDataset(x, y)` gives), or for `predict` also `[input]` or a bare input tensor.
 * Elements after the target are ignored.
 */
export type Batch = Tensor | readonly Tensor[];

/**
 * Where batches come from: a `tg.data.DataLoader`, an array of batches, or any iterable that
 * can be looped over once per epoch. A numeric `length` (batches per epoch) sizes the progress bar.
 */
export type Loader = Iterable<Batch> & { readonly length?: number };

/** A loss as a function of the model's output and the target, returning a scalar tensor. */
export type LossFn = (output: Tensor, target: Tensor) => Tensor;

/**
 * A loss: a function `(output, target) => Tensor` such as `tg.F.crossEntropy`, or a loss
 * module such as `new tg.nn.MSELoss()` (its `forward(output, target)` is called). It must
 * return a scalar (use the default `'mean'` reduction); per-batch values are averaged over
 * the epoch weighted by batch size.
 */
export type Loss = LossFn | Module;

/**
 * Numbers logged for a batch or an epoch, by name: `loss`, each metric (`accuracy`, `mae`, or a
 * custom metric's name), their validation counterparts (`valLoss`, `valAccuracy`, …) and `lr`.
 */
export type Logs = Record<string, number>;

/**
 * What `fit` shares with its callbacks. A callback stops training after the current epoch by
 * setting `stopTraining = true` (Keras's `model.stop_training`).
 */
export interface TrainState {
  /** The model being trained. */
  readonly model: Module;
  /** The optimizer updating it. */
  readonly optimizer: Optimizer;
  /** Everything logged so far, one entry per finished epoch. */
  readonly history: History;
  /** Epochs `fit` was asked to run. */
  readonly epochs: number;
  /** The current epoch, from 0. */
  epoch: number;
  /** Set it to true to end training once the current epoch is over. */
  stopTraining: boolean;
}

/**
 * Hooks `fit` calls while training, all optional and each may be async (`fit` awaits it).
 * The order per epoch: `onEpochBegin`, then for every batch (forward, backward, clipping,
 * `optimizer.step()`) `onBatchEnd`, then — when `fit` has a validation loader —
 * `onValidationBegin`, the validation pass, `onValidationEnd`, then the scheduler step and
 * `onEpochEnd` with the epoch's logs. `onTrainBegin` / `onTrainEnd` bracket the whole run
 * (`onTrainEnd` runs when the epochs are done or a callback stopped training, not when training
 * throws). Callbacks run in the order given.
 *
 * @example
 * ```ts
 * const seen: number[] = [];
 * const logEpochs: tg.train.Callback = {
 *   onEpochEnd(epoch, logs) {
 *     seen.push(logs.loss!);
 *   },
 * };
 * ```
 */
export interface Callback {
  /** Before the first epoch. */
  onTrainBegin?(state: TrainState): void | Promise<void>;
  /** After the last epoch, also when a callback stopped training early (not when training throws). */
  onTrainEnd?(state: TrainState): void | Promise<void>;
  /** At the start of epoch `epoch` (from 0), in train mode. */
  onEpochBegin?(epoch: number, state: TrainState): void | Promise<void>;
  /** After `optimizer.step()` for batch `batch` (from 0 in each epoch); `logs` has its `loss`, metrics and `lr`. */
  onBatchEnd?(batch: number, logs: Logs, state: TrainState): void | Promise<void>;
  /** Before the validation pass (the model is already in eval mode). */
  onValidationBegin?(state: TrainState): void | Promise<void>;
  /** After the validation pass, with its logs (`valLoss`, `valAccuracy`, …). */
  onValidationEnd?(logs: Logs, state: TrainState): void | Promise<void>;
  /** After epoch `epoch`, with every number logged for it (already in `state.history`). */
  onEpochEnd?(epoch: number, logs: Logs, state: TrainState): void | Promise<void>;
}
