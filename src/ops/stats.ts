/**
 * @file Reductions composed from primitives (no backward of their own): mean, var, std,
 * logsumexp, norm, and max/min along a dim with indices.
 */
import { ShapeError, fmtShape } from '../core/errors.js';
import { normalizeDim, sizeOf } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { record, requireFloat } from './record.js';
import { amax, argExtreme, reductionDims, sum, type Dims } from './reduce.js';

/** Mean over `dims` (float tensors only, like PyTorch). */
export function mean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  requireFloat('mean', x);
  const dims = reductionDims('mean', dim, x.ndim);
  const n = sizeOf(dims.map((d) => x.shape[d]!));
  return sum(x, dims, keepdim).div(n);
}

/** Options of `var` and `std`. */
export interface VarOptions {
  /** Divide by `n - 1` (Bessel's correction, the default) or by `n`. */
  unbiased?: boolean;
  /** Subtract this from `n` in the divisor; overrides `unbiased`. */
  correction?: number;
}

/** Variance over `dims`, unbiased by default. */
export function variance(x: Tensor, dim?: Dims, keepdim = false, options: VarOptions = {}): Tensor {
  requireFloat('var', x);
  const dims = reductionDims('var', dim, x.ndim);
  const n = sizeOf(dims.map((d) => x.shape[d]!));
  const correction = options.correction ?? (options.unbiased === false ? 0 : 1);
  const centered = x.sub(mean(x, dims, true));
  return sum(centered.square(), dims, keepdim).div(Math.max(n - correction, 0));
}

/** Standard deviation over `dims`, unbiased by default. */
export function std(x: Tensor, dim?: Dims, keepdim = false, options: VarOptions = {}): Tensor {
  return variance(x, dim, keepdim, options).sqrt();
}

/** `log Σ exp(x)` over `dims`, computed stably by shifting by the maximum. */
export function logsumexp(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  requireFloat('logsumexp', x);
  const dims = reductionDims('logsumexp', dim, x.ndim);
  // Over an empty group the sum of exponentials is 0 and its log -inf, as in PyTorch.
  if (dims.some((d) => x.shape[d] === 0)) return sum(x.exp(), dims, keepdim).log();
  const m = amax(x.detach(), dims, true);
  const shift = m.where(m.abs().lt(Infinity), 0);
  const out = sum(x.sub(shift).exp(), dims, true).log().add(shift);
  return keepdim ? out : out.squeeze(dims as number[]);
}

/** The p-norm over `dims` (p = 2 by default; `Infinity` gives the largest magnitude). */
export function norm(x: Tensor, p = 2, dim?: Dims, keepdim = false): Tensor {
  requireFloat('norm', x);
  if (p === Infinity) return amax(x.abs(), dim, keepdim);
  if (p === -Infinity) return x.abs().amin(dim, keepdim);
  if (p === 1) return sum(x.abs(), dim, keepdim);
  if (p === 2) return normTwo(x, dim, keepdim);
  if (p === 0) return sum(x.ne(0).to(x.dtype), dim, keepdim);
  return sum(x.abs().pow(p), dim, keepdim).pow(1 / p);
}

/** The 2-norm with PyTorch's zero subgradient at the origin. */
function normTwo(x: Tensor, dim: Dims, keepdim: boolean): Tensor {
  const dims = reductionDims('norm', dim, x.ndim);
  const y = sum(x.detach().square(), dims, keepdim).sqrt();
  // d‖x‖ = x / ‖x‖ dx (0 where ‖x‖ = 0)
  return record('NormBackward', [x], y, ([g]) => {
    const yk = y.reshape(dims.length === 0 || keepdim ? y.shape : x.shape.map((s, i) => (dims.includes(i) ? 1 : s)));
    const gk = g!.reshape(yk.shape);
    return [x.mul(gk).div(yk.where(yk.ne(0), 1))];
  }, [x]);
}

/** Values and int32 indices of the maxima (or minima) along one dim. */
export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

/** Max or min along `dim` with the index of the first extreme; the gradient goes to that index. */
export function extremeAlong(op: 'max' | 'min', x: Tensor, dim: number, keepdim = false): ValuesIndices {
  const d = normalizeDim(op, dim, x.ndim);
  if (x.ndim > 0 && x.shape[d] === 0) {
    throw new ShapeError(`${op}: cannot reduce over dim ${d} of size 0 (shape ${fmtShape(x.shape)})`);
  }
  const indices = argExtreme(op === 'max' ? 'argmax' : 'argmin', x, d, true);
  const values = x.ndim === 0 ? x.clone() : x.gather(d, indices);
  if (keepdim || x.ndim === 0) return { values, indices: x.ndim === 0 ? indices.reshape([]) : indices };
  return { values: values.squeeze(d), indices: indices.squeeze(d) };
}
