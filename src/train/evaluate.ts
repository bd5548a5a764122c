/**
 * @file `evaluate` (the mean loss and metrics over a loader) and `predict` (the model's outputs
 * for a tensor or a loader, batch by batch), both in eval mode without a graph.
 */
import { noGrad } from '../autograd/grad-mode.js';
import { TensorError } from '../core/errors.js';
import { Module } from '../nn/module.js';
import { cat } from '../tensor/functions-shape.js';
import { Tensor } from '../tensor/tensor.js';
import { evaluationPass, inMode, runModel, splitBatch } from './loop.js';
import { resolveMetrics, type MetricSpec } from './metrics.js';
import type { Batch, Loader, Logs, Loss } from './types.js';

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** The loss to average (logged as `loss`), a function or a loss module. */
  loss?: Loss;
  /** Metrics to average: `'accuracy'`, `'mae'`, `'mse'`, or your own (see `MetricSpec`). */
  metrics?: readonly MetricSpec[];
}

/**
 * The mean loss and metrics of `model` over the `[input, target]` batches of `loader`, each
 * batch weighted by its size (Keras's `model.evaluate`). Runs in eval mode under `noGrad`, then
 * puts the model back in the mode it was in. Returns `{ loss, accuracy, … }` (no `val` prefix).
 *
 * @example
 * ```ts
 * class Affine extends tg.nn.Module {
 *   w = new tg.nn.Parameter(tg.randn([3, 2]));
 *   b = new tg.nn.Parameter(tg.zeros([2]));
 *   override forward(x: tg.Tensor): tg.Tensor {
 *     return x.matmul(this.w).add(this.b);
 *   }
 * }
 * const model = new Affine();
 * const data = new tg.data.TensorDataset(tg.randn([10, 3]), tg.randint(0, 2, [10]));
 * const loader = new tg.data.DataLoader(data, { batchSize: 4 });
 * const result = await tg.train.evaluate(model, loader, { loss: tg.F.crossEntropy, metrics: ['accuracy'] });
 * Object.keys(result); // ['loss', 'accuracy']
 * ```
 */
export async function evaluate(model: Module, loader: Loader, options: EvaluateOptions = {}): Promise<Logs> {
  if (!(model instanceof Module)) throw new TensorError('evaluate: model must be an nn.Module');
  if (options.loss === undefined && (options.metrics ?? []).length === 0) {
    throw new TensorError('evaluate: nothing to compute; pass options.loss and/or options.metrics');
  }
  const metrics = resolveMetrics(options.metrics);
  return inMode(model, false, () => evaluationPass(model, loader, { loss: options.loss, metrics }, 'evaluate'));
}

/** Options of `predict`. */
export interface PredictOptions {
  /** Rows of an input tensor per forward pass (default: all at once). Ignored for loaders. */
  batchSize?: number;
}

/** The input batches of `input`: a tensor cut into `batchSize` rows, or a loader's inputs. */
function* inputsOf(input: Tensor | Iterable<Batch>, batchSize: number | undefined): Iterable<Tensor> {
  if (!(input instanceof Tensor)) {
    for (const batch of input) yield splitBatch(batch, 'predict').input;
    return;
  }
  const rows = input.ndim === 0 ? 0 : input.shape[0]!;
  if (batchSize === undefined || input.ndim === 0 || batchSize >= rows) {
    yield input;
    return;
  }
  for (let start = 0; start < rows; start += batchSize) yield input.narrow(0, start, Math.min(batchSize, rows - start));
}

/**
 * The outputs of `model` for `input`, concatenated along dim 0 (Keras's `model.predict`).
 * `input` is a tensor (split into `batchSize` rows per forward pass) or a loader whose batches
 * are `[input, ...]` (targets ignored) or input tensors. Runs in eval mode under `noGrad`, then
 * puts the model back in the mode it was in; the result has no graph.
 *
 * @example
 * ```ts
 * class Affine extends tg.nn.Module {
 *   w = new tg.nn.Parameter(tg.randn([3, 2]));
 *   b = new tg.nn.Parameter(tg.zeros([2]));
 *   override forward(x: tg.Tensor): tg.Tensor {
 *     return x.matmul(this.w).add(this.b);
 *   }
 * }
 * const model = new Affine();
 * tg.train.predict(model, tg.randn([10, 3]), { batchSize: 4 }).shape; // [10, 2]
 * const loader = new tg.data.DataLoader(new tg.data.TensorDataset(tg.randn([5, 3])), { batchSize: 2 });
 * tg.train.predict(model, loader).shape; // [5, 2]
 * ```
 */
export function predict(model: Module, input: Tensor | Loader, options: PredictOptions = {}): Tensor {
  if (!(model instanceof Module)) throw new TensorError('predict: model must be an nn.Module');
  const { batchSize } = options;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw new TensorError(`predict: batchSize must be an integer >= 1, got ${batchSize}`);
  }
  if (!(input instanceof Tensor) && (input === null || typeof input !== 'object' || typeof input[Symbol.iterator] !== 'function')) {
    throw new TensorError('predict: input must be a tensor or an iterable of batches, such as a DataLoader');
  }
  const was = model.training;
  model.eval();
  try {
    const outputs = noGrad(() => [...inputsOf(input, batchSize)].map((x) => runModel(model, x, 'predict')));
    if (outputs.length === 0) throw new TensorError('predict: the loader yielded no batches');
    return outputs.length === 1 ? outputs[0]! : cat(outputs, 0);
  } finally {
    model.train(was);
  }
}
