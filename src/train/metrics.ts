/**
 * @file Metrics for `fit` and `evaluate`: the built-ins (`accuracy`, `mae`, `mse`), custom
 * metric functions, and turning the `metrics` option into named metrics.
 */
import { TensorError } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * A metric of one batch: the model's output and the target in, a number (or a one-element
 * tensor) out — the batch's mean, since `fit` averages batches weighted by their size.
 * It runs under `noGrad` on the detached output.
 */
export type MetricFn = (output: Tensor, target: Tensor) => Tensor | number;

/** A metric and the name it is logged under (validation values get a `val` prefix: `accuracy` → `valAccuracy`). */
export interface Metric {
  /** The name in logs and `History` (e.g. `'accuracy'`); not `'loss'` or `'lr'`. */
  readonly name: string;
  /** Computes the metric of one batch. */
  readonly fn: MetricFn;
}

/**
 * What the `metrics` option accepts: `'accuracy'`, `'mae'`, `'mse'`, a `Metric`, or a bare
 * `MetricFn` (logged under the function's name, or `metric<i>` when it has none).
 */
export type MetricSpec = 'accuracy' | 'mae' | 'mse' | Metric | MetricFn;

/** Options of `accuracy`. */
export interface AccuracyOptions {
  /**
   * For single-output models (output `[N]` or `[N, 1]`): predict class 1 where the output is
   * above this (default 0.5, right for probabilities after a sigmoid; use 0 for logits, e.g.
   * with `BCEWithLogitsLoss`).
   */
  threshold?: number;
}

/** `target` viewed with `output`'s shape when the two differ only by size-1 dims (`[N]` vs `[N, 1]`). */
function aligned(output: Tensor, target: Tensor): Tensor {
  const same = output.ndim === target.ndim && output.shape.every((d, i) => d === target.shape[i]);
  return !same && output.numel === target.numel ? target.reshape([...output.shape]) : target;
}

/**
 * The fraction of correct predictions, as a metric named `'accuracy'` (what the string
 * `'accuracy'` means). Multi-class outputs (last dim > 1, e.g. logits `[N, C]`) predict their
 * argmax, compared with class indices (`[N]`) or with the argmax of one-hot / probability
 * targets shaped like the output. Single outputs (`[N]` or `[N, 1]`) predict class 1 above
 * `threshold` (default 0.5: probabilities; pass 0 for logits), compared with targets above 0.5.
 *
 * @example
 * ```ts
 * const acc = tg.train.accuracy();
 * acc.fn(tg.tensor([[2, 1], [0, 3]]), tg.tensor([0, 0], { dtype: 'int32' })); // 0.5
 * tg.train.accuracy({ threshold: 0 }).fn(tg.tensor([-1, 2]), tg.tensor([0, 1])); // 1
 * ```
 */
export function accuracy(options: AccuracyOptions = {}): Metric {
  const threshold = options.threshold ?? 0.5;
  const fn = (output: Tensor, target: Tensor): Tensor => {
    const classes = output.ndim >= 2 ? output.shape[output.ndim - 1]! : 1;
    if (classes > 1) {
      const last = output.ndim - 1;
      const predicted = output.argmax(last);
      const sameShape = target.ndim === output.ndim && target.shape.every((d, i) => d === output.shape[i]);
      const labels = sameShape ? target.argmax(last) : target.int();
      if (labels.numel !== predicted.numel) {
        throw new TensorError(
          `accuracy: output [${output.shape.join(',')}] has ${predicted.numel} predictions but target [${target.shape.join(',')}] has ${labels.numel} labels; ` +
            'expected class indices shaped like the output without its last dim, or one-hot targets shaped like the output',
        );
      }
      return predicted.eq(labels.reshape([...predicted.shape])).float().mean();
    }
    if (target.numel !== output.numel) {
      throw new TensorError(`accuracy: output [${output.shape.join(',')}] and target [${target.shape.join(',')}] have different numbers of elements`);
    }
    return output.gt(threshold).eq(aligned(output, target).gt(0.5)).float().mean();
  };
  return { name: 'accuracy', fn };
}

/**
 * Mean absolute error `mean(|output - target|)` as a metric named `'mae'` (what `'mae'` means).
 * A target that differs from the output only by size-1 dims is reshaped to it first.
 *
 * @example
 * ```ts
 * tg.train.mae().fn(tg.tensor([[1], [2]]), tg.tensor([1, 4])); // 1
 * ```
 */
export function mae(): Metric {
  return { name: 'mae', fn: (output, target) => output.sub(aligned(output, target)).abs().mean() };
}

/**
 * Mean squared error `mean((output - target)²)` as a metric named `'mse'` (what `'mse'` means).
 *
 * @example
 * ```ts
 * tg.train.mse().fn(tg.tensor([1, 2]), tg.tensor([1, 4])); // 2
 * ```
 */
export function mse(): Metric {
  return { name: 'mse', fn: (output, target) => output.sub(aligned(output, target)).square().mean() };
}

const reserved = new Set(['loss', 'lr']);

/** The named metrics of a `metrics` option, checked for unknown strings and clashing names. @internal */
export function resolveMetrics(specs: readonly MetricSpec[] = []): Metric[] {
  const out = specs.map((spec, i): Metric => {
    if (spec === 'accuracy') return accuracy();
    if (spec === 'mae') return mae();
    if (spec === 'mse') return mse();
    if (typeof spec === 'function') return { name: spec.name || `metric${i}`, fn: spec };
    if (typeof spec === 'object' && spec !== null && typeof spec.fn === 'function' && typeof spec.name === 'string') return spec;
    throw new TensorError(`metrics[${i}]: unknown metric ${JSON.stringify(spec)}; expected 'accuracy', 'mae', 'mse', a function (output, target) => number, or { name, fn }`);
  });
  const names = new Set<string>();
  for (const { name } of out) {
    if (name === '' || reserved.has(name) || names.has(name)) {
      throw new TensorError(`metrics: the name '${name}' is ${names.has(name) ? 'used twice' : 'reserved'}; give each metric a unique name other than 'loss' and 'lr'`);
    }
    names.add(name);
  }
  return out;
}

/** The validation key of a logged name: `loss` → `valLoss`. @internal */
export function valKey(name: string): string {
  return `val${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/**
 * A logged name in the canonical camelCase form: Keras's `val_loss` / `val_accuracy` become
 * `valLoss` / `valAccuracy`; other names are unchanged. @internal
 */
export function canonicalKey(name: string): string {
  return name.startsWith('val_') ? valKey(name.slice(4)) : name;
}
