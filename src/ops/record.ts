/**
 * @file Shared plumbing of the op files: recording a graph node for an op's output, building
 * views, broadcasting views and turning JS numbers into tensors.
 */
import type { View } from '../backend/backend.js';
import { isFloatingDType, promoteTypes, promoteWithScalar, type DType } from '../core/dtype.js';
import { DTypeError } from '../core/errors.js';
import { Node, edgeOf, type BackwardFn } from '../autograd/node.js';
import { needsGrad } from '../tensor/tensor-base.js';
import { makeTensor, scalarOf } from '../tensor/make.js';
import type { Tensor } from '../tensor/tensor.js';

/** A tensor or a JS number (binary ops accept either on both sides). */
export type TensorLike = Tensor | number;

/**
 * Attaches a graph node to `out` when any input requires grad (and grad mode is on).
 * `backward` maps the output gradient to one gradient per input (null: none); `saved` lists
 * the tensors it reads, whose versions backward checks.
 */
export function record(
  name: string,
  inputs: readonly (Tensor | null)[],
  out: Tensor,
  backward: BackwardFn<Tensor>,
  saved: readonly Tensor[] = [],
): Tensor {
  if (!needsGrad(...inputs)) return out;
  if (!isFloatingDType(out.dtype)) return out;
  const node = new Node<Tensor>(
    name,
    inputs.map((t) => (t !== null && t.requiresGrad ? edgeOf(t) : null)),
    inputs.map((t) => (t === null ? null : { shape: t.shape, dtype: t.dtype })),
    [{ shape: out.shape, dtype: out.dtype }],
    backward,
    saved,
  );
  out.setGradFn(node, 0);
  return out;
}

/** A view of `x` with new geometry, sharing its storage. */
export function viewOf(x: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  return makeTensor({ storage: x.storage, shape, strides, offset }, x.base ?? x);
}

/** `x` seen with `shape` (NumPy broadcasting, stride 0 on broadcast dims); no copy, no graph. */
export function broadcastView(x: Tensor, shape: readonly number[]): View {
  const n = shape.length;
  const lead = n - x.ndim;
  const strides = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const d = i - lead;
    strides[i] = d < 0 || x.shape[d] !== shape[i] ? 0 : x.strides[d]!;
  }
  return { storage: x.storage, shape, strides, offset: x.offset };
}

const scalarCache: Record<DType, Map<number, Tensor>> = {
  float32: new Map(), float64: new Map(), int32: new Map(), bool: new Map(),
};

/**
 * A JS number as a 0-d tensor of the dtype it takes next to `like` (PyTorch's scalar rule).
 * These constants never leave the op layer and are never written, so recent ones are reused.
 */
export function scalarLike(value: number, like: Tensor): Tensor {
  const dtype = promoteWithScalar(like.dtype, value);
  if (Object.is(value, -0)) return scalarOf(value, dtype);
  const cache = scalarCache[dtype];
  let t = cache.get(value);
  if (t === undefined) {
    if (cache.size >= 256) cache.clear();
    t = scalarOf(value, dtype);
    cache.set(value, t);
  }
  return t;
}

/** Both operands of a binary op as tensors; at least one must already be a tensor. */
export function operands(a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (typeof a === 'number') {
    const tb = b as Tensor;
    return [scalarLike(a, tb), tb];
  }
  return [a, typeof b === 'number' ? scalarLike(b, a) : b];
}

/** The dtype of a binary op's result: like `promoteTypes`, but a 0-d operand (a JS number) does not widen floats. */
export function resultType(a: Tensor, b: Tensor): DType {
  if (a.ndim === 0 && b.ndim > 0 && isFloatingDType(b.dtype) && isFloatingDType(a.dtype)) return b.dtype;
  if (b.ndim === 0 && a.ndim > 0 && isFloatingDType(a.dtype) && isFloatingDType(b.dtype)) return a.dtype;
  return promoteTypes(a.dtype, b.dtype);
}

/** Throws a DTypeError unless `x` is floating point. */
export function requireFloat(op: string, x: Tensor): void {
  if (!isFloatingDType(x.dtype)) {
    throw new DTypeError(`${op}: expected a floating-point tensor (float32 or float64), got dtype ${x.dtype}; convert with .float() or .double()`);
  }
}

/** The dtype a float-valued op gives for `x`: its own when float, float32 for int/bool. */
export function floatDtype(x: Tensor): DType {
  return isFloatingDType(x.dtype) ? x.dtype : 'float32';
}
