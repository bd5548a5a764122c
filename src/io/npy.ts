/**
 * @file NumPy `.npy` read and write: `saveNpy` / `loadNpy` for files and `serializeNpy` /
 * `deserializeNpy` for bytes.
 *
 * Reading takes format versions 1.0, 2.0 and 3.0, C or Fortran order, and the dtypes
 * `<f8` → float64; `<f4`, `<f2` → float32; `<i4 <i2 |i1 <u2 |u1` → int32; `<i8 <u4 <u8` →
 * int32 when every value fits (else an `IoError`); `|b1` → bool (big-endian `>` too).
 * Writing gives what `np.save` writes for the same array: version 1.0 (2.0 when the header
 * is too large), C order, `<f4 <f8 <i4 |b1`.
 */
import type { DType } from '../core/dtype.js';
import { defaultBackend, fromStorage } from '../tensor/make.js';
import { Tensor } from '../tensor/tensor.js';
import { decodeElements, encodeElements } from './elements.js';
import { IoError, fail, type Source } from './errors.js';
import { bytesSource, checkBytes, fileSource, readBytes, writeBytes } from './files.js';
import { readNpyHeader, writeNpyHeader } from './npy-header.js';

const descrOf: Record<DType, string> = { float32: '<f4', float64: '<f8', int32: '<i4', bool: '|b1' };

function serializeNpyAs(fn: string, t: Tensor): Uint8Array {
  if (!(t instanceof Tensor)) throw new IoError(`${fn}: expected a Tensor, got ${t === null ? 'null' : typeof t}`);
  if (t.device !== 'cpu') throw new IoError(`${fn}: the tensor is on ${t.device}; move it to the CPU first`);
  const header = writeNpyHeader(descrOf[t.dtype], t.shape);
  const data = encodeElements(t.dataSync());
  const out = new Uint8Array(header.length + data.length);
  out.set(header, 0);
  out.set(data, header.length);
  return out;
}

function deserializeNpyAs(source: Source, bytes: Uint8Array): Tensor {
  const h = readNpyHeader(source, bytes);
  let count = 1;
  for (const d of h.shape) count *= d;
  const expected = count * h.element.size;
  const actual = bytes.length - h.dataStart;
  if (expected !== actual) {
    fail(source, `shape (${h.shape.join(', ')}) of '${h.descr}' needs ${expected} data bytes, but the file has ${actual} after the header`);
  }
  const data = decodeElements(bytes, h.dataStart, h.element, count, source, `'${h.descr}' data`);
  if (!h.fortranOrder || h.shape.length < 2) return fromStorage(defaultBackend.fromArray(data), h.shape);
  // Fortran order is C order of the reversed shape: read it so, then transpose back.
  const reversed = [...h.shape].reverse();
  const dims = reversed.map((_, k) => reversed.length - 1 - k);
  return fromStorage(defaultBackend.fromArray(data), reversed).permute(dims).contiguous();
}

/**
 * The bytes of a `.npy` file holding `tensor`, identical to what `np.save` writes for the
 * same array (C order; float32 `<f4`, float64 `<f8`, int32 `<i4`, bool `|b1`).
 *
 * @param tensor - any CPU tensor (views are written in row-major order).
 * @throws IoError when `tensor` is not a tensor.
 *
 * @example
 * ```ts
 * const bytes = tg.io.serializeNpy(tg.tensor([[1, 2], [3, 4]]));
 * bytes.length; // 144: a 128-byte header, then 4 float32 values
 * ```
 */
export function serializeNpy(tensor: Tensor): Uint8Array {
  return serializeNpyAs('serializeNpy', tensor);
}

/**
 * Reads the bytes of a `.npy` file (format 1.0, 2.0 or 3.0; C or Fortran order). The header
 * and the data length are validated before any data is read.
 *
 * @param bytes - the whole file (a `Uint8Array` or Node `Buffer`).
 * @returns a contiguous tensor; see the file comment for which dtype each `descr` loads as.
 * @throws IoError for a malformed file, an unsupported dtype or an int64 value outside int32.
 *
 * @example
 * ```ts
 * const x = tg.io.deserializeNpy(tg.io.serializeNpy(tg.arange(6).reshape([2, 3])));
 * x.toArray(); // [[0, 1, 2], [3, 4, 5]]
 * x.dtype;     // 'int32'
 * ```
 */
export function deserializeNpy(bytes: Uint8Array): Tensor {
  checkBytes('deserializeNpy', bytes);
  return deserializeNpyAs(bytesSource('deserializeNpy'), bytes);
}

/**
 * Saves `tensor` to a `.npy` file at `path` (synchronously) that `np.load` reads.
 *
 * @param tensor - any CPU tensor of float32, float64, int32 or bool.
 * @param path - where to write, usually ending in `.npy`.
 * @throws IoError when the file cannot be written.
 *
 * @example
 * ```ts
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import * as tg from 'tensorgrad';
 *
 * const path = join(tmpdir(), 'example-save.npy');
 * tg.io.saveNpy(tg.eye(3, 3, { dtype: 'float64' }), path);
 * tg.io.loadNpy(path).shape; // [3, 3]
 * ```
 */
export function saveNpy(tensor: Tensor, path: string): void {
  writeBytes('saveNpy', path, serializeNpyAs('saveNpy', tensor));
}

/**
 * Loads the `.npy` file at `path` (synchronously), e.g. one written by `np.save`.
 * See `deserializeNpy` for the formats and dtypes read.
 *
 * @param path - the file to read.
 * @throws IoError when the file cannot be read or is malformed.
 *
 * @example
 * ```ts
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import * as tg from 'tensorgrad';
 *
 * const path = join(tmpdir(), 'example-load.npy');
 * tg.io.saveNpy(tg.tensor([true, false]), path);
 * tg.io.loadNpy(path).toArray(); // [true, false]
 * ```
 */
export function loadNpy(path: string): Tensor {
  return deserializeNpyAs(fileSource('loadNpy', path), readBytes('loadNpy', path));
}
