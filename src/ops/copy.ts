/**
 * @file Copies and conversions: `clone` (a contiguous copy), dtype casts, and `clamp`.
 */
import { isFloatingDType, type DType } from '../core/dtype.js';
import { DTypeError } from '../core/errors.js';
import { fromStorage } from '../tensor/make.js';
import type { Tensor } from '../tensor/tensor.js';
import { broadcastView, record, scalarLike } from './record.js';

/** A contiguous copy of `x` with its own storage. */
export function clone(x: Tensor): Tensor {
  const y = fromStorage(x.backend.cast(x, x.dtype), x.shape);
  // d clone(x) = dy
  return record('CloneBackward', [x], y, ([g]) => [g!]);
}

/** `x` converted to `dtype` (the same tensor when it already has it). */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  const y = fromStorage(x.backend.cast(x, dtype), x.shape);
  if (!isFloatingDType(dtype)) return y;
  // d cast(x) = cast(dy) back to x's dtype
  return record('ToCopyBackward', [x], y, ([g]) => [g!.to(x.dtype)]);
}

/** Limits every element to `[min, max]` (either bound may be omitted). */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  if (min === undefined && max === undefined) {
    throw new DTypeError('clamp: at least one of min and max must be given');
  }
  if (x.dtype === 'bool') throw new DTypeError('clamp: bool tensors are not supported');
  let y = x;
  for (const [kernel, bound] of [['maximum', min], ['minimum', max]] as const) {
    if (bound === undefined) continue;
    const b = scalarLike(bound, x);
    const dtype = isFloatingDType(x.dtype) ? x.dtype : b.dtype;
    y = fromStorage(x.backend.binary(kernel, y, broadcastView(b, x.shape), dtype), x.shape);
  }
  // d clamp(x) = [min ≤ x ≤ max] dx
  return record('ClampBackward', [x], y, ([g]) => {
    let mask = g!.mul(1);
    if (min !== undefined) mask = mask.mul(x.ge(min));
    if (max !== undefined) mask = mask.mul(x.le(max));
    return [mask];
  }, [x]);
}
