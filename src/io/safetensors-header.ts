/**
 * @file The safetensors header: its dtype table, reading and validating a header before any
 * of it is trusted, and writing one exactly as the reference (Rust) implementation does.
 *
 * Layout: 8 bytes little-endian header length N, N bytes of UTF-8 JSON
 * `{"__metadata__": {…}, "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}, …}`
 * padded with spaces to a multiple of 8 bytes, then the data region, which the tensors'
 * `data_offsets` (relative to its start) must cover exactly, without gaps or overlaps.
 */
import { fail, preview, type Source } from './errors.js';
import type { ElementType } from './elements.js';

/** Every dtype name the safetensors format defines, in the reference's enum order (its sort key). */
const formatDTypes = [
  'BOOL', 'F4', 'F6_E2M3', 'F6_E3M2', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'F8_E8M0', 'I16', 'U16', 'F16',
  'BF16', 'I32', 'U32', 'F32', 'C64', 'F64', 'I64', 'U64',
] as const;

/** A safetensors dtype name. */
export type FormatDType = (typeof formatDTypes)[number];

/** The stored element types tensorgrad can load, by safetensors name. */
const readable: Partial<Record<FormatDType, ElementType>> = {
  BOOL: { kind: 'b', size: 1, littleEndian: true },
  U8: { kind: 'u', size: 1, littleEndian: true },
  I8: { kind: 'i', size: 1, littleEndian: true },
  I16: { kind: 'i', size: 2, littleEndian: true },
  U16: { kind: 'u', size: 2, littleEndian: true },
  F16: { kind: 'f', size: 2, littleEndian: true },
  BF16: { kind: 'bf', size: 2, littleEndian: true },
  I32: { kind: 'i', size: 4, littleEndian: true },
  U32: { kind: 'u', size: 4, littleEndian: true },
  F32: { kind: 'f', size: 4, littleEndian: true },
  F64: { kind: 'f', size: 8, littleEndian: true },
  I64: { kind: 'i', size: 8, littleEndian: true },
  U64: { kind: 'u', size: 8, littleEndian: true },
};

/** The largest header the reference reader accepts (100 MB). */
const MAX_HEADER_BYTES = 100_000_000;

/** One tensor's entry in a validated header. */
export interface TensorEntry {
  readonly name: string;
  readonly dtype: FormatDType;
  readonly element: ElementType;
  readonly shape: readonly number[];
  /** Number of elements. */
  readonly count: number;
  /** Start and end of its bytes, relative to the data region. */
  readonly begin: number;
  readonly end: number;
}

/** A validated header: where the data region starts and the tensors in data order. */
export interface Header {
  /** Byte offset of the data region in the file (8 + header length). */
  readonly dataStart: number;
  readonly tensors: readonly TensorEntry[];
  /** The `__metadata__` map (a prototype-less object), empty when the file has none. */
  readonly metadata: Record<string, string>;
}

/** Names that cannot be keys of a JS record without changing its prototype. */
export function checkKey(source: Source, key: string, what: string): void {
  if (key === '__proto__') fail(source, `${what} '__proto__' is not allowed: it would replace the prototype of the returned object`);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSize = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Reads and validates one tensor entry of the header. */
function readEntry(source: Source, name: string, info: unknown): TensorEntry {
  const at = `tensor '${name}'`;
  if (!isRecord(info)) fail(source, `${at}: expected an object {dtype, shape, data_offsets}, got ${preview(info)}`);
  const { dtype, shape, data_offsets: offsets } = info;
  if (typeof dtype !== 'string') fail(source, `${at}: "dtype" must be a string, got ${preview(dtype)}`);
  if (!(formatDTypes as readonly string[]).includes(dtype)) {
    fail(source, `${at}: unknown dtype '${dtype}'; safetensors dtypes are ${formatDTypes.join(', ')}`);
  }
  const element = readable[dtype as FormatDType];
  if (element === undefined) {
    fail(source, `${at}: dtype ${dtype} is not supported; tensorgrad reads ${Object.keys(readable).join(', ')}`);
  }
  if (!Array.isArray(shape) || !shape.every(isSize)) {
    fail(source, `${at}: "shape" must be an array of non-negative integers, got ${preview(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isSize)) {
    fail(source, `${at}: "data_offsets" must be [begin, end] with non-negative integers, got ${preview(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) fail(source, `${at}: data_offsets [${begin},${end}] end before they begin`);
  let count = 1;
  for (const d of shape as number[]) count *= d;
  const nbytes = count * element.size;
  if (!Number.isSafeInteger(nbytes)) fail(source, `${at}: shape ${preview(shape)} is too large`);
  if (nbytes !== end - begin) {
    fail(source, `${at}: shape ${preview(shape)} of ${dtype} needs ${nbytes} bytes, but data_offsets [${begin},${end}] span ${end - begin}`);
  }
  return { name, dtype: dtype as FormatDType, element, shape: shape as number[], count, begin, end };
}

/** Reads `__metadata__`: a map of strings to strings. */
function readMetadata(source: Source, value: unknown): Record<string, string> {
  if (!isRecord(value)) fail(source, `"__metadata__" must be an object of strings, got ${preview(value)}`);
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const key of Object.keys(value)) {
    checkKey(source, key, '__metadata__ key');
    const v = value[key];
    if (typeof v !== 'string') fail(source, `"__metadata__" value of '${key}' must be a string, got ${preview(v)}`);
    out[key] = v;
  }
  return out;
}

/**
 * Parses and validates the header of a safetensors file of `bytes`: the length prefix, the
 * JSON, every entry, and that the tensors tile the data region exactly. Nothing of the file is
 * trusted before this returns.
 */
export function readHeader(source: Source, bytes: Uint8Array): Header {
  if (bytes.length < 8) fail(source, `${bytes.length} bytes is too short for a safetensors file (it starts with an 8-byte header length)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthLow = view.getUint32(0, true);
  const lengthHigh = view.getUint32(4, true);
  const n = lengthHigh * 2 ** 32 + lengthLow;
  if (n > MAX_HEADER_BYTES) fail(source, `header length ${n} is larger than the ${MAX_HEADER_BYTES}-byte limit (is this a safetensors file?)`);
  if (8 + n > bytes.length) fail(source, `header length ${n} goes beyond the end of the file (${bytes.length - 8} bytes follow the length prefix)`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    fail(source, 'the header is not valid UTF-8');
  }
  if (!text.startsWith('{')) fail(source, `the header must be a JSON object starting with '{', got ${preview(text, 20)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    fail(source, `the header is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isRecord(parsed)) fail(source, 'the header must be a JSON object');
  // JSON.parse makes every key, `__proto__` included, an own property: read them by name only.
  let metadata: Record<string, string> = Object.create(null) as Record<string, string>;
  const tensors: TensorEntry[] = [];
  for (const key of Object.keys(parsed)) {
    if (key === '__metadata__') metadata = readMetadata(source, parsed[key]);
    else {
      checkKey(source, key, 'tensor name');
      tensors.push(readEntry(source, key, parsed[key]));
    }
  }
  tensors.sort((a, b) => a.begin - b.begin || a.end - b.end);
  const dataLength = bytes.length - 8 - n;
  let covered = 0;
  let previous: TensorEntry | null = null;
  for (const t of tensors) {
    if (t.end > dataLength) {
      fail(source, `tensor '${t.name}': data_offsets [${t.begin},${t.end}] lie outside the data region (${dataLength} bytes)`);
    }
    if (t.begin < covered) {
      fail(source, `tensor '${t.name}': data_offsets [${t.begin},${t.end}] overlap tensor '${previous!.name}' [${previous!.begin},${previous!.end}]`);
    }
    if (t.begin > covered) fail(source, `bytes [${covered},${t.begin}) of the data region belong to no tensor`);
    covered = t.end;
    previous = t;
  }
  if (covered !== dataLength) fail(source, `the tensors cover ${covered} bytes but the data region has ${dataLength}; bytes [${covered},${dataLength}) belong to no tensor`);
  return { dataStart: 8 + n, tensors, metadata };
}

/** Compares strings by Unicode code point, which is the byte order of their UTF-8 (Rust's `str` order). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** Sort key of a dtype in the reference writer: later in its enum comes first in the file. */
export function dtypeRank(dtype: FormatDType): number {
  return formatDTypes.indexOf(dtype);
}

/** One tensor to write: name, dtype, shape and byte length, already in file order. */
export interface EntryToWrite {
  readonly name: string;
  readonly dtype: FormatDType;
  readonly shape: readonly number[];
  readonly byteLength: number;
}

/**
 * The 8-byte length prefix and the space-padded JSON header for `entries` (in file order) and
 * `metadata`, byte for byte as the reference writer produces them: `__metadata__` first (its
 * keys sorted; the reference's own map has no fixed order), then each tensor's
 * `{"dtype","shape","data_offsets"}`, no whitespace, padded with spaces to 8 bytes.
 */
export function writeHeader(entries: readonly EntryToWrite[], metadata: Record<string, string> | null): Uint8Array {
  const parts: string[] = [];
  if (metadata !== null) {
    const keys = Object.keys(metadata).sort(compareCodePoints);
    parts.push(`"__metadata__":{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`).join(',')}}`);
  }
  let offset = 0;
  for (const e of entries) {
    const offsets = `[${offset},${offset + e.byteLength}]`;
    parts.push(`${JSON.stringify(e.name)}:{"dtype":"${e.dtype}","shape":[${e.shape.join(',')}],"data_offsets":${offsets}}`);
    offset += e.byteLength;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded).fill(0x20, 8 + json.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, padded % 2 ** 32, true);
  view.setUint32(4, Math.floor(padded / 2 ** 32), true);
  out.set(json, 8);
  return out;
}
