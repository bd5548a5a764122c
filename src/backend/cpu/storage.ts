/**
 * @file CPU storage: a typed array, garbage-collected with the tensors that use it.
 */
import type { DType, TypedArray } from '../../core/dtype.js';
import type { Backend, Storage } from '../backend.js';

/** A storage backed by a plain typed array. */
export class CpuStorage implements Storage {
  version = 0;
  constructor(
    readonly backend: Backend,
    readonly dtype: DType,
    readonly data: TypedArray,
  ) {}

  get size(): number {
    return this.data.length;
  }
}
