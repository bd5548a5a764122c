/**
 * @file Fused, numerically stable softmax and log-softmax along one dim.
 */
import { normalizeDim } from '../core/shape.js';
import { fromStorage } from '../tensor/make.js';
import type { Tensor } from '../tensor/tensor.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { record, requireFloat } from './record.js';

/** softmax(x)ᵢ = exp(xᵢ - max x) / Σⱼ exp(xⱼ - max x) along `dim`. */
export function softmax(x: Tensor, dim: number): Tensor {
  requireFloat('softmax', x);
  const d = normalizeDim('softmax', dim, x.ndim);
  if (x.ndim === 0) return softmax(x.reshape([1]), 0).reshape([]);
  const y = fromStorage(x.backend.softmax(x, d, false), x.shape);
  // dx = y ⊙ (g - Σ g ⊙ y): one fused kernel, or tensor ops when the backward is recorded
  return record('SoftmaxBackward', [x], y, ([g]) => [isGradEnabled()
    ? y.mul(g!.sub(g!.mul(y).sum(d, true)))
    : fromStorage(x.backend.softmaxBackward(y, g!.expand(y.shape), d, false), x.shape)], [y]);
}

/** log softmax(x) = x - max x - log Σ exp(x - max x) along `dim`. */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  requireFloat('logSoftmax', x);
  const d = normalizeDim('logSoftmax', dim, x.ndim);
  if (x.ndim === 0) return logSoftmax(x.reshape([1]), 0).reshape([]);
  const y = fromStorage(x.backend.softmax(x, d, true), x.shape);
  // dx = g - softmax(x) Σ g: one fused kernel, or tensor ops when the backward is recorded
  return record('LogSoftmaxBackward', [x], y, ([g]) => [isGradEnabled()
    ? g!.sub(y.exp().mul(g!.sum(d, true)))
    : fromStorage(x.backend.softmaxBackward(y, g!.expand(y.shape), d, true), x.shape)], [y]);
}
