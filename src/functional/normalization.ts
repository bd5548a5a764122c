/**
 * @file Normalization layers' math: `layerNorm` (over the trailing dims) and `batchNorm` (per
 * channel, with PyTorch's running-statistics update in training mode).
 */
import { noGrad } from '../autograd/grad-mode.js';
import { ShapeError, TensorError, fmtShape } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of `layerNorm`. */
export interface LayerNormOptions {
  /** Elementwise scale, shaped like `normalizedShape` (optional). */
  weight?: Tensor | null;
  /** Elementwise shift, shaped like `normalizedShape` (optional). */
  bias?: Tensor | null;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((s, i) => s === b[i]);

/**
 * Layer normalization over the trailing dims `normalizedShape`:
 * `(x - mean) / √(var + eps) · weight + bias`, with the biased variance.
 *
 * @param normalizedShape - the last dims of `x` to normalize over
 * @example
 * ```ts
 * tg.F.layerNorm(tg.tensor([[1, 2, 3]]), [3]); // [[-1.2247, 0, 1.2247]]
 * ```
 */
export function layerNorm(x: Tensor, normalizedShape: readonly number[], options: LayerNormOptions = {}): Tensor {
  const { weight = null, bias = null, eps = 1e-5 } = options;
  const k = normalizedShape.length;
  if (k === 0 || k > x.ndim || !sameShape(x.shape.slice(x.ndim - k), normalizedShape)) {
    throw new ShapeError(
      `layerNorm: normalizedShape ${fmtShape(normalizedShape)} must be non-empty and match the last dims of input ${fmtShape(x.shape)}`
      + ` (expected input of shape [*, ${normalizedShape.join(', ')}])`,
    );
  }
  for (const [name, t] of [['weight', weight], ['bias', bias]] as const) {
    if (t !== null && !sameShape(t.shape, normalizedShape)) {
      throw new ShapeError(`layerNorm: ${name} must have shape normalizedShape ${fmtShape(normalizedShape)}, got ${fmtShape(t.shape)}`);
    }
  }
  const dims = Array.from({ length: k }, (_, i) => x.ndim - k + i);
  const mean = x.mean(dims, true);
  const rstd = x.var(dims, true, { unbiased: false }).add(eps).rsqrt();
  let y = x.sub(mean).mul(rstd);
  if (weight !== null) y = y.mul(weight);
  if (bias !== null) y = y.add(bias);
  return y;
}

/** Options of `batchNorm`. */
export interface BatchNormOptions {
  /** Per-channel scale `[C]` (optional). */
  weight?: Tensor | null;
  /** Per-channel shift `[C]` (optional). */
  bias?: Tensor | null;
  /** Normalize with the batch's statistics and update the running ones (default false). */
  training?: boolean;
  /** Weight of the new batch in the running averages (default 0.1). */
  momentum?: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

/**
 * Batch normalization of `x` `[N, C, …]` per channel (dim 1). In training mode it normalizes with
 * the batch mean and biased variance over all dims but 1, and, when running statistics are given,
 * updates them in place (without recording gradients) as PyTorch does:
 * `running = (1 - momentum) · running + momentum · batch`, using the unbiased variance for
 * `runningVar`. In evaluation mode it normalizes with `runningMean` and `runningVar`.
 *
 * @param runningMean - `[C]` running mean, or null (training only)
 * @param runningVar - `[C]` running variance, or null (training only)
 * @example
 * ```ts
 * const x = tg.tensor([[1, 10], [3, 30]]);
 * const mean = tg.zeros([2]), variance = tg.ones([2]);
 * tg.F.batchNorm(x, mean, variance, { training: true }); // [[-1, -1], [1, 1]] (≈, eps)
 * mean.toArray(); // [0.2, 2]
 * ```
 */
export function batchNorm(x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, options: BatchNormOptions = {}): Tensor {
  const { weight = null, bias = null, training = false, momentum = 0.1, eps = 1e-5 } = options;
  if (x.ndim < 2) throw new ShapeError(`batchNorm: input must have at least 2 dims [N, C, …], got shape ${fmtShape(x.shape)}`);
  const c = x.shape[1]!;
  for (const [name, t] of [['runningMean', runningMean], ['runningVar', runningVar], ['weight', weight], ['bias', bias]] as const) {
    if (t !== null && !sameShape(t.shape, [c])) {
      throw new ShapeError(`batchNorm: ${name} must have shape [${c}] (the channels of input ${fmtShape(x.shape)}), got ${fmtShape(t.shape)}`);
    }
  }
  const dims = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const statShape = x.shape.map((s, i) => (i === 1 ? s : 1));
  let y: Tensor;
  if (training) {
    const n = x.numel / Math.max(c, 1);
    if (n <= 1) throw new TensorError(`batchNorm: expected more than 1 value per channel when training, got input of shape ${fmtShape(x.shape)}`);
    const mean = x.mean(dims, true);
    const variance = x.var(dims, true, { unbiased: false });
    y = x.sub(mean).mul(variance.add(eps).rsqrt());
    noGrad(() => {
      if (runningMean !== null) runningMean.copy_(mean.reshape([c]).mul(momentum).add(runningMean.mul(1 - momentum)));
      if (runningVar !== null) runningVar.copy_(variance.reshape([c]).mul(n / (n - 1)).mul(momentum).add(runningVar.mul(1 - momentum)));
    });
  } else {
    if (runningMean === null || runningVar === null) {
      throw new TensorError('batchNorm: runningMean and runningVar must be given in evaluation mode (training: false)');
    }
    y = x.sub(runningMean.reshape(statShape)).mul(runningVar.reshape(statShape).add(eps).rsqrt());
  }
  if (weight !== null) y = y.mul(weight.reshape(statShape));
  if (bias !== null) y = y.add(bias.reshape(statShape));
  return y;
}
