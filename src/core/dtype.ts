/**
 * @file Data types: the closed `DType` union, the typed array behind each, and PyTorch's
 * type-promotion rules.
 */

/** The element types a tensor can hold. `int32` stands in for PyTorch's int64. */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

/** The typed array that stores each dtype (bool is stored as 0/1 bytes). */
export interface TypedArrayOf {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

/** Any typed array a tensor may be stored in. */
export type TypedArray = TypedArrayOf[DType];

/** The constructor of each dtype's typed array. */
export const typedArrayConstructors = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
} as const;

/** Every dtype, in promotion order (lowest first). */
export const dtypes: readonly DType[] = ['bool', 'int32', 'float32', 'float64'];

const rank: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/**
 * Whether `dtype` is a floating-point type.
 *
 * @example
 * ```ts
 * isFloatingDType('float32'); // true
 * isFloatingDType('int32');   // false
 * ```
 */
export function isFloatingDType(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/**
 * The dtype two tensors promote to, as in `torch.promote_types`: bool < int32 < float32 < float64.
 *
 * @example
 * ```ts
 * tg.promoteTypes('int32', 'float32'); // 'float32'
 * ```
 */
export function promoteTypes(a: DType, b: DType): DType {
  return rank[a] >= rank[b] ? a : b;
}

/**
 * The dtype of a tensor combined with a JS number: a number never widens a tensor's float
 * type, but a non-integer number turns an int/bool tensor into float32 (PyTorch's rule).
 *
 * @example
 * ```ts
 * promoteWithScalar('int32', 2.5); // 'float32'
 * promoteWithScalar('float64', 2); // 'float64'
 * ```
 */
export function promoteWithScalar(dtype: DType, value: number): DType {
  if (isFloatingDType(dtype)) return dtype;
  if (!Number.isInteger(value)) return 'float32';
  return dtype === 'bool' && typeof value === 'number' ? 'int32' : dtype;
}

/**
 * Allocates a zero-filled typed array for `dtype`.
 *
 * @example
 * ```ts
 * allocTyped('float64', 3); // Float64Array [0, 0, 0]
 * ```
 */
export function allocTyped<D extends DType>(dtype: D, size: number): TypedArrayOf[D] {
  return new typedArrayConstructors[dtype](size) as TypedArrayOf[D];
}

/**
 * The dtype a typed array is stored as.
 *
 * @example
 * ```ts
 * dtypeOfArray(new Float64Array(2)); // 'float64'
 * ```
 */
export function dtypeOfArray(arr: TypedArray): DType {
  if (arr instanceof Float32Array) return 'float32';
  if (arr instanceof Float64Array) return 'float64';
  if (arr instanceof Int32Array) return 'int32';
  return 'bool';
}
