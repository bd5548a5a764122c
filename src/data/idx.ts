/**
 * @file The IDX format of MNIST and Fashion-MNIST (`readIdx`, `parseIdx`): a 4-byte magic
 * number `0x00 0x00 <type> <ndim>`, `ndim` big-endian uint32 dims, then the elements in
 * row-major order, big-endian. Files may be gzipped (`*.gz`): they are recognised by their
 * content, not by their name.
 */
import { gunzipSync } from 'node:zlib';
import type { DType } from '../core/dtype.js';
import { fail, type Source } from '../io/errors.js';
import { bytesSource, checkBytes, fileSource, readBytes } from '../io/files.js';
import { defaultBackend, fromStorage } from '../tensor/make.js';
import type { Tensor } from '../tensor/tensor.js';

/** The element types of IDX. */
export type IdxType = 'ubyte' | 'byte' | 'short' | 'int' | 'float' | 'double';

/** Each IDX element type: its type code, bytes per element and the dtype it is read as. */
const idxTypes: { readonly [T in IdxType]: { readonly code: number; readonly size: number; readonly dtype: DType } } = {
  ubyte: { code: 0x08, size: 1, dtype: 'int32' },
  byte: { code: 0x09, size: 1, dtype: 'int32' },
  short: { code: 0x0b, size: 2, dtype: 'int32' },
  int: { code: 0x0c, size: 4, dtype: 'int32' },
  float: { code: 0x0d, size: 4, dtype: 'float32' },
  double: { code: 0x0e, size: 8, dtype: 'float64' },
};

const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0').toUpperCase()}`;
const validCodes = (Object.keys(idxTypes) as IdxType[]).map((t) => `${hex(idxTypes[t].code)} (${t})`).join(', ');

/** A parsed IDX file: its element type, its dims and its elements' raw big-endian bytes. */
export interface IdxContents {
  readonly type: IdxType;
  readonly shape: readonly number[];
  /** The element bytes, right after the header. */
  readonly body: Uint8Array;
}

/** The bytes themselves, or their gunzipped content when they start with gzip's magic `1f 8b`. */
function gunzipped(source: Source, bytes: Uint8Array): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    return fail(source, `starts like a gzip file but cannot be gunzipped: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Validates the header of an IDX file (gzipped or not) and finds its elements. */
export function decodeIdx(source: Source, raw: Uint8Array): IdxContents {
  const bytes = gunzipped(source, raw);
  const zipped = bytes === raw ? '' : ' (after gunzip)';
  if (bytes.length < 4) fail(source, `has ${bytes.length} bytes${zipped}, too few for an IDX header (4-byte magic number 0x00 0x00 <type> <ndim>)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    fail(source, `is not an IDX file: its magic number must start with 0x00 0x00, got ${hex(bytes[0]!)} ${hex(bytes[1]!)}`);
  }
  const type = (Object.keys(idxTypes) as IdxType[]).find((t) => idxTypes[t].code === bytes[2]);
  if (type === undefined) fail(source, `has unknown IDX data type code ${hex(bytes[2]!)}; expected one of ${validCodes}`);
  const ndim = bytes[3]!;
  const headerSize = 4 + 4 * ndim;
  if (bytes.length < headerSize) {
    fail(source, `is truncated: its header declares ${ndim} dims, which need ${headerSize} header bytes, but it has ${bytes.length} bytes${zipped}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let d = 0; d < ndim; d++) shape.push(view.getUint32(4 + 4 * d, false));
  const expected = shape.reduce((a, b) => a * b, 1) * idxTypes[type].size;
  const actual = bytes.length - headerSize;
  if (actual !== expected) {
    fail(source, `${actual < expected ? 'is truncated' : 'has trailing bytes'}: dims [${shape.join(',')}] of ${type} need ${expected} bytes of data after the ${headerSize}-byte header, but it has ${actual}${zipped}`);
  }
  return { type, shape, body: bytes.subarray(headerSize) };
}

/** The elements of `contents` as a tensor (int32 for integer types, float32 / float64 for floats). */
function toTensor({ type, shape, body }: IdxContents): Tensor {
  const n = body.length / idxTypes[type].size;
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let data: Int32Array | Float32Array | Float64Array;
  switch (type) {
    case 'ubyte': data = Int32Array.from(body); break;
    case 'byte': data = Int32Array.from(new Int8Array(body.buffer, body.byteOffset, n)); break;
    case 'short': data = new Int32Array(n); for (let i = 0; i < n; i++) data[i] = view.getInt16(2 * i, false); break;
    case 'int': data = new Int32Array(n); for (let i = 0; i < n; i++) data[i] = view.getInt32(4 * i, false); break;
    case 'float': data = new Float32Array(n); for (let i = 0; i < n; i++) data[i] = view.getFloat32(4 * i, false); break;
    case 'double': data = new Float64Array(n); for (let i = 0; i < n; i++) data[i] = view.getFloat64(8 * i, false); break;
  }
  return fromStorage(defaultBackend.fromArray(data), shape);
}

/**
 * Reads an IDX file (the format of MNIST and Fashion-MNIST), gzipped or not, into a tensor of
 * the dims its header declares. Integer types (ubyte `0x08`, byte `0x09`, short `0x0B`, int
 * `0x0C`) are read as int32 with their values unchanged (no scaling: MNIST pixels stay
 * 0…255); float `0x0D` as float32 and double `0x0E` as float64.
 *
 * Throws an `IoError` naming the file when it cannot be read, is not valid gzip, has a magic
 * number not of the form `0x00 0x00 <type> <ndim>`, an unknown type code, or a size that does
 * not match its dims (truncated or with trailing bytes).
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import * as tg from 'tensorgrad';
 *
 * const file = join(tmpdir(), 'two-by-three.idx');
 * // magic 0x00 0x00 0x08 (ubyte) 0x02 (2 dims), dims 2 and 3 (big-endian), then 6 bytes.
 * writeFileSync(file, Uint8Array.from([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 1, 2, 253, 254, 255]));
 * const t = tg.data.readIdx(file);
 * t.shape;     // [2, 3]
 * t.dtype;     // 'int32'
 * t.toArray(); // [[0, 1, 2], [253, 254, 255]]
 * ```
 */
export function readIdx(path: string): Tensor {
  return toTensor(decodeIdx(fileSource('readIdx', path), readBytes('readIdx', path)));
}

/**
 * `readIdx` for bytes already in memory (a `Uint8Array` or `Buffer`, gzipped or not).
 *
 * @example
 * ```ts
 * // A 1-d float IDX: magic 0x00 0x00 0x0D 0x01, dim 1, then 1.5 as a big-endian float32.
 * const bytes = Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 1, 0x3f, 0xc0, 0, 0]);
 * tg.data.parseIdx(bytes).toArray(); // [1.5] (float32)
 * tg.data.parseIdx(new Uint8Array([1, 2, 3, 4])); // throws: "parseIdx: <bytes>: is not an IDX file"
 * ```
 */
export function parseIdx(bytes: Uint8Array): Tensor {
  checkBytes('parseIdx', bytes);
  return toTensor(decodeIdx(bytesSource('parseIdx'), bytes));
}
