/**
 * @file safetensors read and write: `save` / `load` for files and `serialize` /
 * `deserialize` for bytes, compatible byte for byte with Hugging Face's `safetensors`
 * (the format PyTorch checkpoints are shared in).
 *
 * Written dtypes: float32 → F32, float64 → F64, int32 → I32, bool → BOOL (one byte each).
 * Read dtypes: F64 → float64; F32, F16, BF16 → float32; I32, I16, I8, U16, U8 → int32;
 * I64, U32, U64 → int32 when every value fits (else an `IoError`); BOOL → bool.
 */
import type { DType } from '../core/dtype.js';
import { defaultBackend, fromStorage } from '../tensor/make.js';
import { Tensor } from '../tensor/tensor.js';
import { decodeElements, encodeElements } from './elements.js';
import { IoError, type Source } from './errors.js';
import { bytesSource, checkBytes, fileSource, readBytes, writeBytes } from './files.js';
import { checkKey, compareCodePoints, dtypeRank, readHeader, writeHeader, type FormatDType } from './safetensors-header.js';

/** Named tensors to save: a plain object (e.g. a state dict) or a `Map`. */
export type NamedTensors = Readonly<Record<string, Tensor>> | ReadonlyMap<string, Tensor>;

/** What a safetensors file holds: its tensors by name and its `__metadata__` strings. */
export interface SafetensorsContents {
  /** The tensors by name (a prototype-less object, in file order). */
  readonly tensors: Record<string, Tensor>;
  /** The `__metadata__` map (a prototype-less object; empty when the file has none). */
  readonly metadata: Record<string, string>;
}

const formatOf: Record<DType, FormatDType> = { float32: 'F32', float64: 'F64', int32: 'I32', bool: 'BOOL' };

/** The entries of `tensors` after checking names and values. */
function entriesOf(source: Source, tensors: NamedTensors): [string, Tensor][] {
  if (typeof tensors !== 'object' || tensors === null) {
    throw new IoError(`${source.fn}: expected an object or Map of tensors by name, got ${tensors === null ? 'null' : typeof tensors}`);
  }
  const entries: [string, unknown][] = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
  const out: [string, Tensor][] = [];
  for (const [name, t] of entries) {
    if (typeof name !== 'string') throw new IoError(`${source.fn}: tensor names must be strings, got ${typeof name}`);
    if (name === '__metadata__') throw new IoError(`${source.fn}: '__metadata__' is reserved by the safetensors format and cannot name a tensor`);
    checkKey(source, name, 'tensor name');
    if (!(t instanceof Tensor)) throw new IoError(`${source.fn}: '${name}' must be a Tensor, got ${t === null ? 'null' : typeof t}`);
    out.push([name, t]);
  }
  return out;
}

/** Checks that `metadata` maps strings to strings. */
function checkMetadata(source: Source, metadata: unknown): Record<string, string> | null {
  if (metadata === undefined || metadata === null) return null;
  if (typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw new IoError(`${source.fn}: metadata must be an object of strings, got ${Array.isArray(metadata) ? 'an array' : typeof metadata}`);
  }
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(metadata)) {
    checkKey(source, key, 'metadata key');
    if (typeof value !== 'string') throw new IoError(`${source.fn}: metadata value of '${key}' must be a string, got ${typeof value}`);
    out[key] = value;
  }
  return out;
}

function serializeAs(source: Source, tensors: NamedTensors, metadata: unknown): Uint8Array {
  const meta = checkMetadata(source, metadata);
  const items = entriesOf(source, tensors).map(([name, t]) => {
    if (t.device !== 'cpu') throw new IoError(`${source.fn}: '${name}' is on ${t.device}; move it to the CPU first`);
    return { name, dtype: formatOf[t.dtype], shape: t.shape, bytes: encodeElements(t.dataSync()) };
  });
  // The reference order: larger dtypes (later in its enum) first, then by name.
  items.sort((a, b) => dtypeRank(b.dtype) - dtypeRank(a.dtype) || compareCodePoints(a.name, b.name));
  const header = writeHeader(items.map((i) => ({ ...i, byteLength: i.bytes.length })), meta);
  let total = header.length;
  for (const i of items) total += i.bytes.length;
  const out = new Uint8Array(total);
  out.set(header, 0);
  let at = header.length;
  for (const i of items) {
    out.set(i.bytes, at);
    at += i.bytes.length;
  }
  return out;
}

function deserializeAs(source: Source, bytes: Uint8Array): SafetensorsContents {
  const header = readHeader(source, bytes);
  const tensors: Record<string, Tensor> = Object.create(null) as Record<string, Tensor>;
  for (const t of header.tensors) {
    const data = decodeElements(bytes, header.dataStart + t.begin, t.element, t.count, source, `tensor '${t.name}' (${t.dtype})`);
    tensors[t.name] = fromStorage(defaultBackend.fromArray(data), t.shape);
  }
  return { tensors, metadata: header.metadata };
}

/**
 * The bytes of a safetensors file holding `tensors` (and `metadata` as `__metadata__`),
 * identical to what Python's `safetensors.torch.save` writes for the same tensors.
 *
 * @param tensors - tensors by name (a state dict or a `Map`); float32, float64, int32 or bool.
 * @param metadata - free-form strings stored in the header.
 * @throws IoError when a value is not a tensor, a name is `__metadata__` or `__proto__`, or a metadata value is not a string.
 *
 * @example
 * ```ts
 * const bytes = tg.io.serialize({ w: tg.ones([2, 3]) }, { format: 'pt' });
 * bytes.length; // 120: 8-byte length, 88-byte header (85 padded to 8), 24 bytes of data
 * ```
 */
export function serialize(tensors: NamedTensors, metadata?: Record<string, string>): Uint8Array {
  return serializeAs(bytesSource('serialize'), tensors, metadata);
}

/**
 * Reads the bytes of a safetensors file. The header is validated in full (lengths, JSON,
 * dtypes, shapes, and offsets tiling the data exactly) before any data is read.
 *
 * @param bytes - the whole file (a `Uint8Array` or Node `Buffer`).
 * @returns the tensors by name and the `__metadata__` strings.
 * @throws IoError for a malformed file, an unsupported dtype or an int64 value outside int32.
 *
 * @example
 * ```ts
 * const bytes = tg.io.serialize({ w: tg.tensor([1, 2]) }, { step: '10' });
 * const { tensors, metadata } = tg.io.deserialize(bytes);
 * tensors.w.toArray(); // [1, 2]
 * metadata.step;       // '10'
 * ```
 */
export function deserialize(bytes: Uint8Array): SafetensorsContents {
  checkBytes('deserialize', bytes);
  return deserializeAs(bytesSource('deserialize'), bytes);
}

/**
 * Saves `tensors` to a safetensors file at `path` (synchronously), replacing any file there.
 *
 * @param tensors - tensors by name (a state dict or a `Map`); float32, float64, int32 or bool.
 * @param path - where to write, usually ending in `.safetensors`.
 * @param metadata - free-form strings stored in the header as `__metadata__`.
 * @throws IoError when the file cannot be written or the input is invalid (see `serialize`).
 *
 * @example
 * ```ts
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import * as tg from 'tensorgrad';
 *
 * const path = join(tmpdir(), 'example-save.safetensors');
 * tg.io.save({ weight: tg.randn([3, 2]), step: tg.tensor([7], { dtype: 'int32' }) }, path, { format: 'pt' });
 * tg.io.load(path).step.toArray(); // [7]
 * ```
 */
export function save(tensors: NamedTensors, path: string, metadata?: Record<string, string>): void {
  writeBytes('save', path, serializeAs(fileSource('save', path), tensors, metadata));
}

/**
 * Loads every tensor of the safetensors file at `path` (synchronously), e.g. one written by
 * PyTorch with `safetensors.torch.save_file`. See `deserialize` for the dtypes and checks;
 * read the bytes and call `deserialize` to get the metadata too.
 *
 * @param path - the file to read.
 * @returns the tensors by name (a prototype-less object).
 * @throws IoError when the file cannot be read or is malformed.
 *
 * @example
 * ```ts
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import * as tg from 'tensorgrad';
 *
 * const path = join(tmpdir(), 'example-load.safetensors');
 * tg.io.save({ bias: tg.zeros([4], { dtype: 'float64' }) }, path);
 * const { bias } = tg.io.load(path);
 * bias.dtype; // 'float64'
 * bias.shape; // [4]
 * ```
 */
export function load(path: string): Record<string, Tensor> {
  return deserializeAs(fileSource('load', path), readBytes('load', path)).tensors;
}
