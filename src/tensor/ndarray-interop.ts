/**
 * @file Interop with scijs `ndarray` views: zero-copy in both directions where layouts allow.
 */
import ndarray, { type NdArray } from 'ndarray';
import { CpuStorage } from '../backend/cpu/storage.js';
import type { TypedArray } from '../core/dtype.js';
import { isContiguous } from '../core/shape.js';
import { DTypeError } from '../core/errors.js';
import type { Tensor } from './tensor.js';
import { defaultBackend, makeTensor } from './make.js';

/**
 * A tensor viewing an `ndarray`'s data (shared, not copied) with its shape, strides and
 * offset. The data must be a Float32Array, Float64Array, Int32Array or Uint8Array (bool).
 *
 * @example
 * ```ts
 * import ndarray from 'ndarray';
 * const t = tg.fromNdarray(ndarray(new Float32Array([1, 2, 3, 4]), [2, 2]));
 * t.shape; // [2, 2]
 * ```
 */
export function fromNdarray(array: NdArray): Tensor {
  const data = array.data as unknown;
  if (!(data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array || data instanceof Uint8Array)) {
    throw new DTypeError(`fromNdarray: data must be a Float32Array, Float64Array, Int32Array or Uint8Array, got ${Object.prototype.toString.call(data)}`);
  }
  const storage = defaultBackend.fromArray(data as TypedArray);
  return makeTensor({ storage, shape: [...array.shape], strides: [...array.stride], offset: array.offset });
}

/**
 * An `ndarray` over the tensor's values: sharing its CPU storage when the tensor is contiguous
 * and covers the whole storage, else over a contiguous copy.
 *
 * @example
 * ```ts
 * const a = tg.toNdarray(tg.eye(2));
 * a.get(1, 1); // 1
 * ```
 */
export function toNdarray(t: Tensor): NdArray<TypedArray> {
  const whole = t.storage instanceof CpuStorage && t.offset === 0 && t.storage.size === t.numel && isContiguous(t.shape, t.strides);
  const data = whole ? (t.storage as CpuStorage).data : t.dataSync();
  return ndarray(data, [...t.shape]);
}
