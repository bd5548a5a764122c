/**
 * @file Activation functions composed from tensor primitives (no backward of their own):
 * `relu`, `leakyRelu`, `elu`, `gelu`, `silu`, `softplus`, `sigmoid`, `tanh`, `softmax`,
 * and `logSoftmax`.
 * Branches of a piecewise function are built with `where`, each evaluated on inputs clamped to
 * its own region, so an unselected branch can never put NaN or Infinity into a gradient.
 */
import { TensorError } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { unary } from '../ops/unary.js';

/**
 * Rectified linear unit, `max(x, 0)` (gradient 0 at 0).
 *
 * @example
 * ```ts
 * tg.F.relu(tg.tensor([-1, 0, 2])); // [0, 0, 2]
 * ```
 */
export function relu(x: Tensor): Tensor {
  return x.relu();
}

/**
 * Leaky ReLU: `x` where `x > 0`, else `negativeSlope · x` (PyTorch's gradient at 0 is `negativeSlope`).
 *
 * @param negativeSlope - slope for negative inputs (default 0.01)
 * @example
 * ```ts
 * tg.F.leakyRelu(tg.tensor([-2, 3]), 0.1); // [-0.2, 3]
 * ```
 */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return x.where(x.gt(0), x.mul(negativeSlope));
}

/**
 * Exponential linear unit: `x` where `x > 0`, else `alpha · (exp(x) - 1)`.
 *
 * @param alpha - scale of the negative part (default 1)
 * @example
 * ```ts
 * tg.F.elu(tg.tensor([-1, 2])); // [-0.6321, 2]
 * ```
 */
export function elu(x: Tensor, alpha = 1): Tensor {
  // expm1 sees only x ≤ 0, so exp never overflows in the unselected branch.
  return x.where(x.gt(0), x.clamp(undefined, 0).expm1().mul(alpha));
}

/** Options of `gelu`. */
export interface GeluOptions {
  /** `'none'` (default): the exact `x Φ(x)`; `'tanh'`: the tanh approximation. */
  approximate?: 'none' | 'tanh';
}

/**
 * Gaussian error linear unit, `x · Φ(x) = x/2 · (1 + erf(x/√2))`; with `{ approximate: 'tanh' }`,
 * `x/2 · (1 + tanh(√(2/π) (x + 0.044715 x³)))`. The exact form is one fused kernel (accurate for
 * x ≪ 0 too, where `1 + erf` would cancel).
 *
 * @example
 * ```ts
 * tg.F.gelu(tg.tensor([-1, 0, 1]));                          // [-0.1587, 0, 0.8413]
 * tg.F.gelu(tg.tensor([-1, 0, 1]), { approximate: 'tanh' }); // [-0.1588, 0, 0.8412]
 * ```
 */
export function gelu(x: Tensor, options: GeluOptions = {}): Tensor {
  const approximate = options.approximate ?? 'none';
  if (approximate === 'tanh') {
    const inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(0.5).mul(inner.tanh().add(1));
  }
  if (approximate !== 'none') throw new TensorError(`gelu: approximate must be 'none' or 'tanh', got '${String(approximate)}'`);
  return unary('gelu', x);
}

/**
 * SiLU (swish), `x · sigmoid(x)`.
 *
 * @example
 * ```ts
 * tg.F.silu(tg.tensor([0, 1])); // [0, 0.7311]
 * ```
 */
export function silu(x: Tensor): Tensor {
  return x.mul(x.sigmoid());
}

/** Options of `softplus`. */
export interface SoftplusOptions {
  /** Sharpness β (default 1). */
  beta?: number;
  /** Above `β·x > threshold` the function is the identity (default 20). */
  threshold?: number;
}

/**
 * Softplus, `log(1 + exp(β x)) / β`, and `x` itself where `β x > threshold` (PyTorch's rule).
 *
 * @example
 * ```ts
 * tg.F.softplus(tg.tensor([0, 30]));                // [0.6931, 30]
 * tg.F.softplus(tg.tensor([1]), { beta: 2 });       // [1.0635]
 * ```
 */
export function softplus(x: Tensor, options: SoftplusOptions = {}): Tensor {
  const { beta = 1, threshold = 20 } = options;
  const bx = x.mul(beta);
  const soft = bx.clamp(undefined, threshold).exp().log1p().div(beta);
  return x.where(bx.gt(threshold), soft);
}

/**
 * Logistic sigmoid, `1 / (1 + exp(-x))`.
 *
 * @example
 * ```ts
 * tg.F.sigmoid(tg.tensor([0])); // [0.5]
 * ```
 */
export function sigmoid(x: Tensor): Tensor {
  return x.sigmoid();
}

/**
 * Hyperbolic tangent.
 *
 * @example
 * ```ts
 * tg.F.tanh(tg.tensor([0, 1])); // [0, 0.7616]
 * ```
 */
export function tanh(x: Tensor): Tensor {
  return x.tanh();
}

/**
 * Softmax along `dim`: `exp(xᵢ) / Σⱼ exp(xⱼ)`, computed stably.
 *
 * @example
 * ```ts
 * tg.F.softmax(tg.tensor([[1, 1], [0, Math.log(3)]]), 1); // [[0.5, 0.5], [0.25, 0.75]]
 * ```
 */
export function softmax(x: Tensor, dim: number): Tensor {
  return x.softmax(dim);
}

/**
 * Log-softmax along `dim`: `xᵢ - log Σⱼ exp(xⱼ)`, computed stably.
 *
 * @example
 * ```ts
 * tg.F.logSoftmax(tg.tensor([0, 0]), 0); // [-0.6931, -0.6931]
 * ```
 */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  return x.logSoftmax(dim);
}
