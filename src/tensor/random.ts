/**
 * @file Random tensors, reproducible through `tg.manualSeed` or an explicit `Generator`.
 */
import { allocTyped } from '../core/dtype.js';
import { DTypeError, ShapeError } from '../core/errors.js';
import { defaultGenerator, type Generator } from '../core/rng.js';
import { checkShape, sizeOf } from '../core/shape.js';
import { finish, full, type TensorOptions } from './creation.js';
import { defaultBackend, fromStorage } from './make.js';
import type { Tensor } from './tensor.js';

/** Options of random creation functions. */
export interface RandomOptions extends TensorOptions {
  /** The random stream (default: the global one that `manualSeed` seeds). */
  generator?: Generator;
}

/**
 * Samples of U[0, 1).
 *
 * @example
 * ```ts
 * tg.manualSeed(0);
 * const a = tg.rand([2, 2]);
 * ```
 */
export function rand(shape: readonly number[], options: RandomOptions = {}): Tensor {
  checkShape('rand', shape);
  return finish(full(shape, 0, { dtype: options.dtype }).uniform_(0, 1, options.generator), options);
}

/**
 * Samples of the standard normal distribution.
 *
 * @example
 * ```ts
 * tg.manualSeed(0);
 * const w = tg.randn([3, 4]);
 * ```
 */
export function randn(shape: readonly number[], options: RandomOptions = {}): Tensor {
  checkShape('randn', shape);
  return finish(full(shape, 0, { dtype: options.dtype }).normal_(0, 1, options.generator), options);
}

/**
 * Random integers in `[low, high)` (int32 unless `dtype` says otherwise).
 *
 * @example
 * ```ts
 * const labels = tg.randint(0, 10, [8]);
 * ```
 */
export function randint(low: number, high: number, shape: readonly number[], options: RandomOptions = {}): Tensor {
  checkShape('randint', shape);
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ShapeError(`randint: expected integers with low < high, got low=${low}, high=${high}`);
  }
  const dtype = options.dtype ?? 'int32';
  if (dtype === 'bool') throw new DTypeError('randint: dtype bool is not supported');
  const g = options.generator ?? defaultGenerator;
  const out = allocTyped(dtype, sizeOf(shape));
  for (let i = 0; i < out.length; i++) out[i] = g.int(low, high);
  return finish(fromStorage(defaultBackend.fromArray(out), [...shape]), options);
}

/**
 * U[0, 1) samples shaped like `like`.
 *
 * @example
 * ```ts
 * const noise = tg.randLike(tg.zeros([2, 2]));
 * ```
 */
export function randLike(like: Tensor, options: RandomOptions = {}): Tensor {
  return rand(like.shape, { dtype: like.dtype, ...options });
}

/**
 * Standard normal samples shaped like `like`.
 *
 * @example
 * ```ts
 * const noise = tg.randnLike(tg.zeros([2, 2]));
 * ```
 */
export function randnLike(like: Tensor, options: RandomOptions = {}): Tensor {
  return randn(like.shape, { dtype: like.dtype, ...options });
}
