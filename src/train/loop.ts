/**
 * @file The pieces `fit`, `evaluate` and `predict` share: taking a batch apart, running the
 * model and the loss with clear errors, reading scalars, averaging logs over an epoch weighted
 * by batch size, and one evaluation pass (eval mode, no graph).
 */
import { noGrad } from '../autograd/grad-mode.js';
import { TensorError } from '../core/errors.js';
import { Module } from '../nn/module.js';
import { Tensor } from '../tensor/tensor.js';
import type { Metric } from './metrics.js';
import type { Batch, Logs, Loss } from './types.js';

/** A batch taken apart. */
export interface BatchParts {
  readonly input: Tensor;
  readonly target: Tensor | null;
}

/** `[input, target?]` or a bare tensor, checked. */
export function splitBatch(batch: Batch, where: string): BatchParts {
  if (batch instanceof Tensor) return { input: batch, target: null };
  if (!Array.isArray(batch) || batch.length === 0 || !(batch[0] instanceof Tensor)) {
    throw new TensorError(`${where}: a batch must be [input, target] tensors (as a DataLoader over TensorDataset(x, y) yields) or an input tensor`);
  }
  const target: unknown = batch[1];
  if (target !== undefined && !(target instanceof Tensor)) throw new TensorError(`${where}: the batch's target (element 1) is not a tensor`);
  return { input: batch[0], target: target ?? null };
}

/** `splitBatch` for passes that need a target. */
export function splitLabeled(batch: Batch, where: string): { input: Tensor; target: Tensor } {
  const { input, target } = splitBatch(batch, where);
  if (target === null) throw new TensorError(`${where}: batches must be [input, target]; got a batch without a target`);
  return { input, target };
}

/** `model.forward(input)`, checked to return a tensor. */
export function runModel(model: Module, input: Tensor, where: string): Tensor {
  const output = model.forward(input);
  if (!(output instanceof Tensor)) {
    throw new TensorError(`${where}: model.forward(input) must return a tensor, got ${output === null ? 'null' : typeof output}`);
  }
  return output;
}

/** The loss of a batch, checked to be a one-element tensor. */
export function runLoss(loss: Loss, output: Tensor, target: Tensor, where: string): Tensor {
  const value: unknown = loss instanceof Module ? loss.forward(output, target) : loss(output, target);
  if (!(value instanceof Tensor) || value.numel !== 1) {
    const got = value instanceof Tensor ? `a tensor of shape [${value.shape.join(',')}]` : typeof value;
    throw new TensorError(`${where}: the loss must return a one-element tensor (use reduction 'mean' or 'sum'), got ${got}`);
  }
  return value;
}

/** The number of samples in a batch: its input's first dim (1 for a 0-d input). */
export const batchSize = (input: Tensor): number => (input.ndim === 0 ? 1 : input.shape[0]!);

/** A JS number from a metric's or a loss's value, read on any device. */
export async function toNumber(value: Tensor | number, what: string): Promise<number> {
  if (typeof value === 'number') return value;
  if (!(value instanceof Tensor) || value.numel !== 1) throw new TensorError(`${what} must be a number or a one-element tensor`);
  return (await value.data())[0]!;
}

/** Each metric of a batch as a tensor or number, computed without recording a graph. */
export function computeMetrics(metrics: readonly Metric[], output: Tensor, target: Tensor): (Tensor | number)[] {
  const detached = output.detach();
  return noGrad(() => metrics.map((m) => m.fn(detached, target)));
}

/** Running means of named values, each weighted (by batch size). */
export class Averager {
  #sums = new Map<string, number>();
  #weights = new Map<string, number>();

  add(logs: Logs, weight: number): void {
    for (const [name, value] of Object.entries(logs)) {
      this.#sums.set(name, (this.#sums.get(name) ?? 0) + value * weight);
      this.#weights.set(name, (this.#weights.get(name) ?? 0) + weight);
    }
  }

  result(): Logs {
    const out: Logs = {};
    for (const [name, sum] of this.#sums) out[name] = sum / this.#weights.get(name)!;
    return out;
  }
}

/** Options of one evaluation pass. */
export interface PassOptions {
  readonly loss: Loss | undefined;
  readonly metrics: readonly Metric[];
}

/**
 * One pass over `loader` without recording a graph: the batch-size-weighted mean of the loss
 * (as `loss`) and of each metric. The caller sets eval mode.
 */
export async function evaluationPass(model: Module, loader: Iterable<Batch>, { loss, metrics }: PassOptions, where: string): Promise<Logs> {
  const avg = new Averager();
  let batches = 0;
  for (const batch of loader) {
    const { input, target } = splitLabeled(batch, where);
    // The graph-free part runs synchronously inside noGrad; values are read afterwards.
    const [lossValue, metricValues] = noGrad(() => {
      const output = runModel(model, input, where);
      return [loss === undefined ? null : runLoss(loss, output, target, where), computeMetrics(metrics, output, target)] as const;
    });
    const logs: Logs = {};
    if (lossValue !== null) logs.loss = await toNumber(lossValue, `${where}: the loss`);
    for (let i = 0; i < metrics.length; i++) logs[metrics[i]!.name] = await toNumber(metricValues[i]!, `${where}: metric '${metrics[i]!.name}'`);
    avg.add(logs, batchSize(input));
    batches += 1;
  }
  if (batches === 0) throw new TensorError(`${where}: the loader yielded no batches`);
  return avg.result();
}

/** Runs `fn` with `model` in train (`true`) or eval mode, then restores the mode it had. */
export async function inMode<R>(model: Module, training: boolean, fn: () => Promise<R>): Promise<R> {
  const was = model.training;
  model.train(training);
  try {
    return await fn();
  } finally {
    model.train(was);
  }
}
