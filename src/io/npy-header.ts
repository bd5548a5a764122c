/**
 * @file The `.npy` header: the magic string and version, the Python-literal dict
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }` read with a small strict
 * parser (never `eval`), and writing a header exactly as NumPy's `np.save` does.
 */
import { fail, preview, type Source } from './errors.js';
import type { ElementType } from './elements.js';

/** A validated `.npy` header. */
export interface NpyHeader {
  readonly version: 1 | 2 | 3;
  /** The `descr` string, e.g. `<f4`. */
  readonly descr: string;
  readonly element: ElementType;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  /** Byte offset where the data starts. */
  readonly dataStart: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** NumPy aligns the data to this many bytes. */
const ALIGN = 64;
/** NumPy leaves room for the growth axis to reach this many digits. */
const GROWTH_AXIS_MAX_DIGITS = 21;

/** The `descr` strings tensorgrad reads, and the element each means (`<`/`>` byte order, `|` not applicable). */
const kinds: Record<string, Pick<ElementType, 'kind' | 'size'>> = {
  f2: { kind: 'f', size: 2 }, f4: { kind: 'f', size: 4 }, f8: { kind: 'f', size: 8 },
  i1: { kind: 'i', size: 1 }, i2: { kind: 'i', size: 2 }, i4: { kind: 'i', size: 4 }, i8: { kind: 'i', size: 8 },
  u1: { kind: 'u', size: 1 }, u2: { kind: 'u', size: 2 }, u4: { kind: 'u', size: 4 }, u8: { kind: 'u', size: 8 },
  b1: { kind: 'b', size: 1 },
};

/** The element type of a `descr`, or null when tensorgrad cannot read it. */
function elementOf(descr: string): ElementType | null {
  const m = /^([<>|=])([a-z]\d)$/.exec(descr);
  const k = m ? kinds[m[2]!] : undefined;
  if (!m || k === undefined) return null;
  if (m[1] === '|' && k.size !== 1) return null;
  return { ...k, littleEndian: m[1] !== '>' };
}

/** A value of the header dict. */
type Literal = string | boolean | number[];

/** Parses the Python literal dict of a header: string keys; string, bool or int-tuple values. */
function parseDict(source: Source, text: string): Map<string, Literal> {
  let i = 0;
  const bad = (what: string): never => fail(source, `malformed header dict at character ${i} (${what}): ${preview(text.trim(), 120)}`);
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const eat = (c: string): boolean => {
    ws();
    if (text[i] !== c) return false;
    i++;
    return true;
  };
  const str = (): string => {
    ws();
    const q = text[i];
    if (q !== "'" && q !== '"') return bad('expected a quoted string');
    const end = text.indexOf(q, i + 1);
    if (end < 0) return bad('unterminated string');
    const s = text.slice(i + 1, end);
    if (s.includes('\\')) return bad('escape sequences are not supported');
    i = end + 1;
    return s;
  };
  const int = (): number => {
    ws();
    const m = /^\d+L?/.exec(text.slice(i, i + 40));
    if (!m) return bad('expected a non-negative integer');
    i += m[0].length;
    const n = Number(m[0].replace('L', ''));
    if (!Number.isSafeInteger(n)) return bad(`dimension ${m[0]} is too large`);
    return n;
  };
  const value = (): Literal => {
    ws();
    for (const [word, v] of [['True', true], ['False', false]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    if (text[i] === "'" || text[i] === '"') return str();
    if (!eat('(')) return bad('expected a string, True, False or a tuple of integers');
    const items: number[] = [];
    let sawComma = true;
    while (!eat(')')) {
      if (!sawComma) bad("expected ',' or ')' in a tuple");
      items.push(int());
      sawComma = eat(',');
    }
    return items;
  };
  const dict = new Map<string, Literal>();
  if (!eat('{')) bad("expected '{'");
  let sawComma = true;
  while (!eat('}')) {
    if (!sawComma) bad("expected ',' or '}'");
    const key = str();
    if (!eat(':')) bad("expected ':'");
    if (dict.has(key)) bad(`duplicate key '${key}'`);
    dict.set(key, value());
    sawComma = eat(',');
  }
  ws();
  if (i !== text.length) bad('unexpected text after the dict');
  return dict;
}

/** Reads and validates the magic string, version and header dict of a `.npy` file. */
export function readNpyHeader(source: Source, bytes: Uint8Array): NpyHeader {
  if (MAGIC.some((b, k) => bytes[k] !== b)) fail(source, 'not a .npy file: it does not start with the magic string \\x93NUMPY');
  if (bytes.length < 8) fail(source, `${bytes.length} bytes is too short for a .npy file`);
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if ((major !== 1 && major !== 2 && major !== 3) || minor !== 0) {
    fail(source, `unsupported .npy format version ${major}.${minor}; tensorgrad reads 1.0, 2.0 and 3.0`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = major === 1 ? 10 : 12;
  if (bytes.length < prefix) fail(source, `${bytes.length} bytes is too short for a version ${major}.0 header`);
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (prefix + length > bytes.length) {
    fail(source, `header length ${length} goes beyond the end of the file (${bytes.length - prefix} bytes follow the prefix)`);
  }
  const raw = bytes.subarray(prefix, prefix + length);
  let text: string;
  try {
    text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1', { fatal: true }).decode(raw);
  } catch {
    fail(source, 'the version 3.0 header is not valid UTF-8');
  }
  const dict = parseDict(source, text);
  const keys = [...dict.keys()].sort().join(', ');
  if (keys !== 'descr, fortran_order, shape') fail(source, `the header dict must have exactly the keys descr, fortran_order, shape; got ${keys || 'none'}`);
  const descr = dict.get('descr');
  const fortranOrder = dict.get('fortran_order');
  const shape = dict.get('shape');
  if (typeof descr !== 'string') fail(source, `'descr' must be a dtype string such as '<f4', got ${preview(descr)}`);
  if (typeof fortranOrder !== 'boolean') fail(source, `'fortran_order' must be True or False, got ${preview(fortranOrder)}`);
  if (!Array.isArray(shape)) fail(source, `'shape' must be a tuple of non-negative integers, got ${preview(shape)}`);
  const element = elementOf(descr);
  if (element === null) {
    fail(source, `unsupported dtype '${descr}'; tensorgrad reads <f8 <f4 <f2 <i8 <i4 <i2 |i1 <u8 <u4 <u2 |u1 |b1 (or big-endian '>')`);
  }
  return { version: major as 1 | 2 | 3, descr, element, fortranOrder, shape, dataStart: prefix + length };
}

/** Python's `repr` of a tuple of ints: `()`, `(5,)`, `(2, 3)`. */
function tupleRepr(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * The bytes of a C-order `.npy` header for `descr` and `shape`, as `np.save` writes it:
 * version 1.0, or 2.0 when the header does not fit a 16-bit length, padded so the data
 * starts at a multiple of 64 bytes.
 */
export function writeNpyHeader(descr: string, shape: readonly number[]): Uint8Array {
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${tupleRepr(shape)}, }`;
  if (shape.length > 0) dict += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
  const text = new TextEncoder().encode(dict); // ASCII, so latin1 too
  const wrap = (prefix: number): { pad: number; length: number } => {
    const pad = ALIGN - ((prefix + text.length + 1) % ALIGN);
    return { pad, length: text.length + pad + 1 };
  };
  let version = 1;
  let { pad, length } = wrap(10);
  if (length > 0xffff) {
    version = 2;
    ({ pad, length } = wrap(12));
  }
  const prefix = version === 1 ? 10 : 12;
  const out = new Uint8Array(prefix + length);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, length, true);
  else view.setUint32(8, length, true);
  out.set(text, prefix);
  out.fill(0x20, prefix + text.length, prefix + text.length + pad);
  out[out.length - 1] = 0x0a;
  return out;
}
