/**
 * @file Element codecs shared by the safetensors and `.npy` readers and writers: raw bytes of
 * a stored element type (any endianness) to the typed array of a tensorgrad dtype, with range
 * checks where the stored type is wider than int32, and tensors back to little-endian bytes.
 */
import type { DType, TypedArray } from '../core/dtype.js';
import { fail, type Source } from './errors.js';

/** How one stored element is laid out. */
export interface ElementType {
  /** `f` float, `bf` bfloat16, `i` signed int, `u` unsigned int, `b` bool (one byte). */
  readonly kind: 'f' | 'bf' | 'i' | 'u' | 'b';
  /** Bytes per element. */
  readonly size: 1 | 2 | 4 | 8;
  /** Byte order of multi-byte elements. */
  readonly littleEndian: boolean;
}

/** Whether this machine stores typed arrays little-endian (every platform Node runs on today). */
const hostLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The dtype a stored element type loads as: float64 stays, other floats widen or narrow to float32, ints to int32. */
export function loadedDType(e: ElementType): DType {
  if (e.kind === 'b') return 'bool';
  if (e.kind === 'i' || e.kind === 'u') return 'int32';
  return e.kind === 'f' && e.size === 8 ? 'float64' : 'float32';
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** float32 value of IEEE half-precision bits. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** A copy of `bytes[start, start + length)` in a fresh, aligned buffer. */
function alignedCopy(bytes: Uint8Array, start: number, length: number): ArrayBuffer {
  const copy = new Uint8Array(length);
  copy.set(bytes.subarray(start, start + length));
  return copy.buffer;
}

/**
 * Decodes `count` elements of type `e` starting at `bytes[start]` into the typed array of
 * `loadedDType(e)`. Integers that int32 cannot hold (from int64, uint32, uint64) throw an
 * `IoError` naming `what` (the tensor), the element index and the value; bools are any nonzero byte.
 */
export function decodeElements(bytes: Uint8Array, start: number, e: ElementType, count: number, source: Source, what: string): TypedArray {
  const le = e.littleEndian;
  const nbytes = count * e.size;
  if (e.kind === 'b') {
    const out = new Uint8Array(alignedCopy(bytes, start, nbytes));
    for (let i = 0; i < count; i++) if (out[i]! > 1) out[i] = 1;
    return out;
  }
  if ((le === hostLittleEndian || e.size === 1) && e.kind !== 'bf') {
    if (e.kind === 'f' && e.size === 4) return new Float32Array(alignedCopy(bytes, start, nbytes));
    if (e.kind === 'f' && e.size === 8) return new Float64Array(alignedCopy(bytes, start, nbytes));
    if (e.kind === 'i' && e.size === 4) return new Int32Array(alignedCopy(bytes, start, nbytes));
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, nbytes);
  if (e.kind === 'f' || e.kind === 'bf') {
    if (e.size === 8) {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, le);
      return out;
    }
    const out = new Float32Array(count);
    if (e.size === 4) for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, le);
    else if (e.kind === 'bf') {
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) bits[i] = view.getUint16(i * 2, le) << 16;
    } else for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, le));
    return out;
  }
  const out = new Int32Array(count);
  const signed = e.kind === 'i';
  const outOfRange = (i: number, value: bigint | number): never =>
    fail(source, `${what}: element ${i} is ${value}, outside the int32 range [${INT32_MIN}, ${INT32_MAX}] that tensorgrad loads ${signed ? 'int' : 'uint'}${e.size * 8} into`);
  for (let i = 0; i < count; i++) {
    const at = i * e.size;
    if (e.size === 1) out[i] = signed ? view.getInt8(at) : view.getUint8(at);
    else if (e.size === 2) out[i] = signed ? view.getInt16(at, le) : view.getUint16(at, le);
    else if (e.size === 4) {
      const v = signed ? view.getInt32(at, le) : view.getUint32(at, le);
      if (v > INT32_MAX) outOfRange(i, v);
      out[i] = v;
    } else {
      // In range when the high word is the low word's sign extension (0 for unsigned).
      const lo = view.getInt32(le ? at : at + 4, le);
      const hi = view.getInt32(le ? at + 4 : at, le);
      if (hi !== (signed ? lo >> 31 : 0) || (!signed && lo < 0)) {
        outOfRange(i, signed ? view.getBigInt64(at, le) : view.getBigUint64(at, le));
      }
      out[i] = lo;
    }
  }
  return out;
}

/** The little-endian bytes of a row-major typed array (bool as one 0/1 byte each). */
export function encodeElements(data: TypedArray): Uint8Array {
  if (hostLittleEndian || data.BYTES_PER_ELEMENT === 1) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (data instanceof Float64Array) view.setFloat64(i * 8, v, true);
    else if (data instanceof Float32Array) view.setFloat32(i * 4, v, true);
    else view.setInt32(i * 4, v, true);
  }
  return out;
}
