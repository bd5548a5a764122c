/**
 * @file When the optimizers' fused update may run: on CPU tensors of one floating dtype, laid
 * out contiguously (any offset) in distinct storages, so that element `i` of each is
 * `data[offset + i]` and no write can change another tensor's input. Anything else takes the
 * tensor-op path, which the fused loops reproduce bit for bit.
 */
import type { CpuStorage } from '../../backend/cpu/storage.js';
import { isContiguous } from '../../core/shape.js';
import type { Tensor } from '../../tensor/tensor.js';

let enabled = true;

/**
 * Switches the fused update off (`false`: every optimizer runs its tensor ops, the reference
 * the fused loops are tested against) or back on.
 *
 * @internal
 */
export function setFusedOptim(on: boolean): void {
  enabled = on;
}

/** Whether the fused update is switched on. @internal */
export function fusedOptimEnabled(): boolean {
  return enabled;
}

/** Raw elements and offsets of tensors the fused loops can index directly. @internal */
export interface DirectF32 {
  readonly dtype: 'float32';
  /** Elements in each tensor. */
  readonly n: number;
  /** Each tensor's storage array, in the order the tensors were given. */
  readonly data: Float32Array[];
  /** Where each tensor's element 0 sits in its array. */
  readonly offsets: number[];
}

/** As `DirectF32`, for float64 tensors. @internal */
export interface DirectF64 {
  readonly dtype: 'float64';
  readonly n: number;
  readonly data: Float64Array[];
  readonly offsets: number[];
}

/** The arrays of float32 or of float64 tensors. @internal */
export type Direct = DirectF32 | DirectF64;

/**
 * The storage arrays of `tensors` (a parameter first, then its gradient and state) when the
 * fused update can run on them: the fused path is on, every tensor lives on the CPU backend,
 * has the parameter's floating dtype and shape, is contiguous, and has a storage of its own.
 * `null` otherwise. Every element of the tensors is then `data[k][offsets[k] + i]`.
 *
 * @internal
 */
export function direct(tensors: readonly Tensor[]): Direct | null {
  if (!enabled) return null;
  const first = tensors[0]!;
  const dtype = first.dtype;
  if (dtype !== 'float32' && dtype !== 'float64') return null;
  const shape = first.shape;
  const data: Array<Float32Array | Float64Array> = [];
  const offsets: number[] = [];
  for (let k = 0; k < tensors.length; k++) {
    const t = tensors[k]!;
    const storage = t.storage;
    if (storage.backend.name !== 'cpu' || t.dtype !== dtype || t.ndim !== shape.length) return null;
    for (let d = 0; d < shape.length; d++) if (t.shape[d] !== shape[d]) return null;
    if (!isContiguous(t.shape, t.strides)) return null;
    for (let j = 0; j < k; j++) if (tensors[j]!.storage === storage) return null;
    data.push((storage as CpuStorage).data as Float32Array | Float64Array);
    offsets.push(t.offset);
  }
  const n = first.numel;
  // Every array has the dtype checked above.
  return dtype === 'float32'
    ? { dtype, n, data: data as Float32Array[], offsets }
    : { dtype, n, data: data as Float64Array[], offsets };
}

/** The storage array of a CPU float tensor (one the fused path created, e.g. a new buffer). @internal */
export function arrayOf(t: Tensor): Float32Array | Float64Array {
  return (t.storage as CpuStorage).data as Float32Array | Float64Array;
}

/**
 * The value a JS number has as an operand of the tensor ops, which hold it in a 0-d tensor:
 * `-0` arrives as `+0` (that tensor is created by filling zeros, and a fill skips zero), which
 * changes the sign of a zero result (`-0 + (-0)·x` is `-0`, `-0 + 0·x` is `+0`: SGD with lr 0).
 * Every scalar of a fused update goes through here so the results stay bitwise equal.
 *
 * @internal
 */
export function operand(x: number): number {
  return x === 0 ? 0 : x;
}

/** Bumps `t`'s storage version as `times` in-place tensor ops on it would. @internal */
export function bump(t: Tensor, times: number): void {
  t.storage.version += times;
}
