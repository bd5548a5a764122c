/**
 * @file Interop with gl-matrix (`mat4`, `vec3`): its 4×4 matrices as `[4, 4]` tensors and back.
 *
 * gl-matrix stores a `mat4` in **column-major** order, as WebGL expects: element (row r,
 * column c) of the matrix is `m[4 * c + r]`, so the translation of a transform is
 * `m[12], m[13], m[14]`. Tensors are indexed row-major (`t[r][c]`). `fromMat4` bridges the two
 * with strides `[1, 4]`: the tensor is the matrix as written on paper (`t[r][c]` = row r,
 * column c; translation in `t[0..2][3]`), so `t.matmul(p)` for a column vector `p = [x, y, z, 1]`
 * transforms it as `vec3.transformMat4` does. Reading the storage row-major instead would give
 * the transpose; `toMat4` undoes the mapping. Only types are imported from gl-matrix, so
 * tensorgrad does not load it at run time.
 */
import type { mat4, vec3 } from 'gl-matrix';
import { ShapeError } from '../core/errors.js';
import type { Tensor } from './tensor.js';
import { defaultBackend, makeTensor } from './make.js';

function checkShape(where: string, t: Tensor, shape: readonly number[]): void {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new ShapeError(`${where}: expected a tensor of shape [${shape.join(', ')}], got [${t.shape.join(', ')}]`);
  }
}

function checkLength(where: string, m: ArrayLike<number>, n: number): void {
  if (m === null || typeof m !== 'object' || m.length !== n) {
    throw new ShapeError(`${where}: expected ${n} numbers, got ${m === null || typeof m !== 'object' ? String(m) : `${m.length}`}`);
  }
}

/**
 * A float32 `[4, 4]` tensor holding gl-matrix matrix `m` as written on paper: `t[r][c]` is row
 * r, column c (gl-matrix's `m[4 * c + r]`; the translation is `t[0][3], t[1][3], t[2][3]`).
 * A `Float32Array` (what `mat4.create()` returns) is viewed, not copied: the tensor has strides
 * `[1, 4]` over the same memory, so later writes to `m` show through (call `.clone()` to
 * detach); a plain array is copied.
 *
 * @example
 * ```ts
 * import { mat4 } from 'gl-matrix';
 * const m = mat4.fromTranslation(mat4.create(), [1, 2, 3]);
 * const t = tg.fromMat4(m);
 * t.shape;                    // [4, 4]
 * t.select(1, 3).toArray();   // [1, 2, 3, 1] (the last column)
 * ```
 */
export function fromMat4(m: mat4 | Float32Array): Tensor {
  const data = m as ArrayLike<number>;
  checkLength('fromMat4', data, 16);
  const storage = defaultBackend.fromArray(data instanceof Float32Array ? data : Float32Array.from(data));
  return makeTensor({ storage, shape: [4, 4], strides: [1, 4], offset: 0 });
}

/**
 * The `[4, 4]` tensor `t` (row r, column c = `t[r][c]`, as `fromMat4` gives) as a gl-matrix
 * `mat4`, i.e. a `Float32Array` in column-major order: `out[4 * c + r] = t[r][c]`. Writes into
 * `out` when given, else a new array. The inverse of `fromMat4`.
 *
 * @example
 * ```ts
 * const m = tg.toMat4(tg.eye(4));  // Float32Array [1,0,0,0, 0,1,0,0, 0,0,1,0, 0,0,0,1]
 * ```
 */
export function toMat4(t: Tensor, out: Float32Array = new Float32Array(16)): mat4 {
  checkShape('toMat4', t, [4, 4]);
  checkLength('toMat4 (out)', out, 16);
  const rows = t.toArray() as number[][];
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) out[4 * c + r] = rows[r]![c]!;
  return out;
}

/**
 * A float32 `[3]` tensor holding `v`. A `Float32Array` (`vec3.create()`) is viewed, not copied;
 * a plain array is copied.
 *
 * @example
 * ```ts
 * tg.fromVec3(new Float32Array([1, 2, 3])).toArray(); // [1, 2, 3]
 * ```
 */
export function fromVec3(v: vec3 | Float32Array): Tensor {
  const data = v as ArrayLike<number>;
  checkLength('fromVec3', data, 3);
  const storage = defaultBackend.fromArray(data instanceof Float32Array ? data : Float32Array.from(data));
  return makeTensor({ storage, shape: [3], strides: [1], offset: 0 });
}

/**
 * The `[3]` tensor `t` as a gl-matrix `vec3` (a `Float32Array`), written into `out` when given.
 *
 * @example
 * ```ts
 * tg.toVec3(tg.tensor([1, 2, 3])); // Float32Array [1, 2, 3]
 * ```
 */
export function toVec3(t: Tensor, out: Float32Array = new Float32Array(3)): vec3 {
  checkShape('toVec3', t, [3]);
  checkLength('toVec3 (out)', out, 3);
  const values = t.toArray() as number[];
  for (let i = 0; i < 3; i++) out[i] = values[i]!;
  return out;
}
