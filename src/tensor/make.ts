/**
 * @file Internal constructors of tensors from backend storages and views.
 */
import type { Storage, View } from '../backend/backend.js';
import { cpuBackend } from '../backend/cpu/cpu-backend.js';
import type { DType } from '../core/dtype.js';
import { contiguousStrides, sizeOf } from '../core/shape.js';
import { Tensor } from './tensor.js';

/** The backend new tensors are created on. */
export const defaultBackend = cpuBackend;

/** A tensor over an existing view (a view of `base` when given). */
export function makeTensor(view: View, base: Tensor | null = null): Tensor {
  return new Tensor(view, base);
}

/** A contiguous tensor of `shape` over a whole storage. */
export function fromStorage(storage: Storage, shape: readonly number[]): Tensor {
  return new Tensor({ storage, shape, strides: contiguousStrides(shape), offset: 0 });
}

/** A tensor of `shape` filled with `value`. */
export function fullOf(shape: readonly number[], value: number, dtype: DType, backend = defaultBackend): Tensor {
  const storage = backend.alloc(dtype, sizeOf(shape));
  const t = fromStorage(storage, shape);
  if (value !== 0) backend.fill(t, value);
  return t;
}

/** Zeros of `shape`. */
export function zerosOf(shape: readonly number[], dtype: DType): Tensor {
  return fullOf(shape, 0, dtype);
}

/** Ones of `shape`. */
export function onesOf(shape: readonly number[], dtype: DType): Tensor {
  return fullOf(shape, 1, dtype);
}

/** A 0-d tensor holding `value`. */
export function scalarOf(value: number, dtype: DType): Tensor {
  return fullOf([], value, dtype);
}
