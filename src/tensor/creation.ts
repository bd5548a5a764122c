/**
 * @file Creation functions: `tensor` from JS data, and filled, ranged and identity tensors.
 */
import { allocTyped, dtypeOfArray, type DType, type TypedArray } from '../core/dtype.js';
import { DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { checkShape } from '../core/shape.js';
import type { NestedArray } from './tensor-base.js';
import { defaultBackend, fromStorage, fullOf } from './make.js';
import type { Tensor } from './tensor.js';

/** Options of creation functions. */
export interface TensorOptions {
  /** Element type (default float32; `tensor` of booleans gives bool, of a typed array its type). */
  dtype?: DType;
  /** Record ops on the new tensor for autograd (float dtypes only). */
  requiresGrad?: boolean;
}

/** Applies `requiresGrad` from the options. */
export function finish(t: Tensor, options: TensorOptions): Tensor {
  return options.requiresGrad ? t.requiresGrad_(true) : t;
}

/** Nested arrays, a typed array or a single value. */
export type TensorData = NestedArray | TypedArray;

function inferDataShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0]!;
  }
  return shape;
}

function flattenInto(data: NestedArray, shape: readonly number[], depth: number, out: TypedArray, at: { i: number }): void {
  if (depth === shape.length) {
    if (Array.isArray(data)) throw new ShapeError(`tensor: ragged nested arrays; expected a value at depth ${depth} for shape ${fmtShape(shape)}`);
    out[at.i++] = typeof data === 'boolean' ? (data ? 1 : 0) : data;
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[depth]) {
    throw new ShapeError(`tensor: ragged nested arrays; every list at depth ${depth} must have length ${shape[depth]} (shape ${fmtShape(shape)})`);
  }
  for (const item of data) flattenInto(item, shape, depth + 1, out, at);
}

/**
 * A tensor holding a copy of `data`: nested arrays of numbers or booleans, a typed array
 * (1-d) or a single value (0-d). Numbers give float32 unless `dtype` says otherwise.
 *
 * @example
 * ```ts
 * const x = tg.tensor([[1, 2], [3, 4]]);             // float32, shape [2, 2]
 * const i = tg.tensor([0, 2], { dtype: 'int32' });    // indices
 * const w = tg.tensor([0.5], { requiresGrad: true }); // a leaf for autograd
 * ```
 */
export function tensor(data: TensorData, options: TensorOptions = {}): Tensor {
  if (ArrayBuffer.isView(data)) {
    const source = data as TypedArray;
    const dtype = options.dtype ?? dtypeOfArray(source);
    const out = allocTyped(dtype, source.length);
    out.set(source);
    return finish(fromStorage(defaultBackend.fromArray(out), [source.length]), options);
  }
  const shape = inferDataShape(data);
  let first: NestedArray = data;
  while (Array.isArray(first) && first.length > 0) first = first[0]!;
  const dtype = options.dtype ?? (typeof first === 'boolean' ? 'bool' : 'float32');
  if (typeof first !== 'boolean' && typeof first !== 'number' && !Array.isArray(first)) {
    throw new DTypeError(`tensor: expected numbers or booleans, got ${typeof first}`);
  }
  let size = 1;
  for (const d of shape) size *= d;
  const out = allocTyped(dtype, size);
  flattenInto(data, shape, 0, out, { i: 0 });
  return finish(fromStorage(defaultBackend.fromArray(out), shape), options);
}

/**
 * A tensor of `shape` filled with `value`.
 *
 * @example
 * ```ts
 * tg.full([2, 2], 7); // tensor([[7., 7.], [7., 7.]])
 * ```
 */
export function full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
  checkShape('full', shape);
  return finish(fullOf([...shape], value, options.dtype ?? 'float32'), options);
}

/**
 * Zeros of `shape`.
 *
 * @example
 * ```ts
 * tg.zeros([2, 3]).shape; // [2, 3]
 * ```
 */
export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return full(shape, 0, options);
}

/**
 * Ones of `shape`.
 *
 * @example
 * ```ts
 * tg.ones([3]).toArray(); // [1, 1, 1]
 * ```
 */
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return full(shape, 1, options);
}

/**
 * An uninitialised tensor of `shape` (zeros on the CPU).
 *
 * @example
 * ```ts
 * tg.empty([2]).normal_();
 * ```
 */
export function empty(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return full(shape, 0, options);
}

/**
 * `start, start+step, …` up to (not including) `end`; `arange(n)` counts from 0. All-integer
 * arguments give int32 (PyTorch gives int64), others float32.
 *
 * @example
 * ```ts
 * tg.arange(4).toArray();         // [0, 1, 2, 3]
 * tg.arange(0, 1, 0.25).toArray(); // [0, 0.25, 0.5, 0.75]
 * ```
 */
export function arange(start: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  const [s, e] = end === undefined ? [0, start] : [start, end];
  if (step === 0 || !Number.isFinite(step)) throw new ShapeError(`arange: step must be a nonzero finite number, got ${step}`);
  const n = Math.max(Math.ceil((e - s) / step), 0);
  const dtype = options.dtype ?? ([s, e, step].every(Number.isInteger) ? 'int32' : 'float32');
  const out = allocTyped(dtype, n);
  for (let i = 0; i < n; i++) out[i] = s + i * step;
  return finish(fromStorage(defaultBackend.fromArray(out), [n]), options);
}

/**
 * `steps` evenly spaced values from `start` to `end` inclusive.
 *
 * @example
 * ```ts
 * tg.linspace(0, 1, 5).toArray(); // [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function linspace(start: number, end: number, steps: number, options: TensorOptions = {}): Tensor {
  checkShape('linspace', [steps]);
  const out = allocTyped(options.dtype ?? 'float32', steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  const half = Math.floor(steps / 2);
  // Like PyTorch, fill the second half from the end so that both endpoints are exact.
  if (steps === 1) out[0] = start;
  else for (let i = 0; i < steps; i++) out[i] = i < half ? start + step * i : end - step * (steps - 1 - i);
  return finish(fromStorage(defaultBackend.fromArray(out), [steps]), options);
}

/**
 * The `n × m` identity matrix (`m = n` by default).
 *
 * @example
 * ```ts
 * tg.eye(2).toArray(); // [[1, 0], [0, 1]]
 * ```
 */
export function eye(n: number, m = n, options: TensorOptions = {}): Tensor {
  checkShape('eye', [n, m]);
  const out = allocTyped(options.dtype ?? 'float32', n * m);
  for (let i = 0; i < Math.min(n, m); i++) out[i * m + i] = 1;
  return finish(fromStorage(defaultBackend.fromArray(out), [n, m]), options);
}

/**
 * Zeros shaped like `like` (its dtype unless given).
 *
 * @example
 * ```ts
 * tg.zerosLike(tg.ones([2, 2])).shape; // [2, 2]
 * ```
 */
export function zerosLike(like: Tensor, options: TensorOptions = {}): Tensor {
  return full(like.shape, 0, { dtype: like.dtype, ...options });
}

/**
 * Ones shaped like `like`.
 *
 * @example
 * ```ts
 * tg.onesLike(tg.zeros([2])).toArray(); // [1, 1]
 * ```
 */
export function onesLike(like: Tensor, options: TensorOptions = {}): Tensor {
  return full(like.shape, 1, { dtype: like.dtype, ...options });
}

/**
 * `value` everywhere, shaped like `like`.
 *
 * @example
 * ```ts
 * tg.fullLike(tg.zeros([2]), 3).toArray(); // [3, 3]
 * ```
 */
export function fullLike(like: Tensor, value: number, options: TensorOptions = {}): Tensor {
  return full(like.shape, value, { dtype: like.dtype, ...options });
}
