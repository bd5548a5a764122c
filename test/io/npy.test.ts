/**
 * @file tg.io `.npy` read and write: round trips, the header layout `np.save` writes
 * (version 2.0 when large), Fortran order, and a clear `IoError` for each malformed file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as io from '../../src/io/index.js';
import { writeNpyHeader } from '../../src/io/npy-header.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-io-npy-'));

/** A `.npy` file of version `major` whose header text is `dict` (padded to 64 bytes) and `data`. */
function npyFile(dict: string, data: Uint8Array | number = 0, major = 1): Uint8Array {
  const prefix = major === 1 ? 10 : 12;
  const text = new TextEncoder().encode(dict);
  const length = Math.ceil((prefix + text.length + 1) / 64) * 64 - prefix;
  const body = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(prefix + length + body.length).fill(0x20, prefix, prefix + length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, length, true);
  else view.setUint32(8, length, true);
  out.set(text, prefix);
  out[prefix + length - 1] = 0x0a;
  out.set(body, prefix + length);
  return out;
}
const dict = (descr: string, shape: string, fortran = 'False'): string => `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;

describe('npy round trips', () => {
  const cases: [string, tg.Tensor][] = [
    ['float32', tg.randn([3, 4])],
    ['float64', tg.randn([2, 3, 2], { dtype: 'float64' })],
    ['int32', tg.tensor([-2147483648, 0, 2147483647], { dtype: 'int32' })],
    ['bool', tg.tensor([[true, false], [false, true]])],
    ['0-d', tg.tensor(3.25)],
    ['empty', tg.zeros([0, 5])],
    ['a transposed view', tg.arange(6).reshape([2, 3]).transpose(0, 1)],
  ];
  it.each(cases)('%s', (_, t) => {
    const path = join(dir, 'x.npy');
    io.saveNpy(t, path);
    const back = io.loadNpy(path);
    expect(back.dtype).toBe(t.dtype);
    expect(back.shape).toEqual(t.shape);
    expect(Array.from(back.dataSync())).toEqual(Array.from(t.dataSync()));
    expect(Array.from(io.deserializeNpy(io.serializeNpy(t)).dataSync())).toEqual(Array.from(t.dataSync()));
  });
});

describe('npy header layout', () => {
  it('is version 1.0, 64-byte aligned, with room for the first axis to grow', () => {
    const h = writeNpyHeader('<f4', [2, 3]);
    expect(h.length).toBe(128);
    const text = new TextDecoder('latin1').decode(h.subarray(10));
    expect(text.trimEnd()).toBe(dict('<f4', '(2, 3)'));
    expect(text.endsWith(' \n')).toBe(true);
    expect(h[8]! + 256 * h[9]!).toBe(118);
  });

  it('writes 1-tuples and 0-d shapes the way Python does', () => {
    const text = (shape: number[]): string => new TextDecoder('latin1').decode(writeNpyHeader('|b1', shape)).slice(10).trimEnd();
    expect(text([5])).toBe(dict('|b1', '(5,)'));
    expect(text([])).toBe(dict('|b1', '()'));
  });

  it('switches to version 2.0 when the header outgrows a 16-bit length, and reads it back', () => {
    const shape = new Array<number>(22000).fill(1);
    shape[0] = 2;
    const h = writeNpyHeader('<i4', shape);
    expect(h[6]).toBe(2);
    expect(h.length % 64).toBe(0);
    expect(new DataView(h.buffer).getUint32(8, true)).toBe(h.length - 12);
    const bytes = new Uint8Array([...h, 7, 0, 0, 0, 8, 0, 0, 0]);
    const t = io.deserializeNpy(bytes);
    expect(t.shape).toEqual(shape);
    expect(Array.from(t.dataSync())).toEqual([7, 8]);
  });
});

describe('npy readers accept what NumPy writes', () => {
  it('Fortran order, reordered to row-major', () => {
    // [[1, 2, 3], [4, 5, 6]] stored column by column
    const t = io.deserializeNpy(npyFile(dict('<f8', '(2, 3)', 'True'), new Uint8Array(new Float64Array([1, 4, 2, 5, 3, 6]).buffer)));
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(t.strides).toEqual([3, 1]);
  });

  it('double quotes, no trailing comma, Python 2 long suffixes and extra spaces', () => {
    const t = io.deserializeNpy(npyFile(`{ "shape" : (2L,1L) , "descr":"<i4","fortran_order":False}`, new Uint8Array(new Int32Array([3, 4]).buffer)));
    expect(t.toArray()).toEqual([[3], [4]]);
  });

  it('big-endian and narrow integer dtypes', () => {
    const be = new Uint8Array([0x00, 0x00, 0x01, 0x00, 0xff, 0xff, 0xff, 0xfe]);
    expect(io.deserializeNpy(npyFile(dict('>i4', '(2,)'), be)).toArray()).toEqual([256, -2]);
    expect(io.deserializeNpy(npyFile(dict('|i1', '(2,)'), new Uint8Array([0xff, 5]))).toArray()).toEqual([-1, 5]);
    expect(io.deserializeNpy(npyFile(dict('<u2', '(1,)'), new Uint8Array([0xff, 0xff]))).toArray()).toEqual([65535]);
  });

  it('version 3.0 headers are UTF-8', () => {
    const t = io.deserializeNpy(npyFile(dict('<f4', '(1,)'), new Uint8Array(new Float32Array([1.5]).buffer), 3));
    expect(t.toArray()).toEqual([1.5]);
  });
});

const f4 = new Uint8Array(new Float32Array([1, 2]).buffer);
/** Malformed files and a part of the message each must give. */
const malformed: [string, Uint8Array, string][] = [
  ['too short', new Uint8Array([0x93, 0x4e]), 'not a .npy file: it does not start with the magic string'],
  ['a truncated prefix', Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 5]), '9 bytes is too short for a version 1.0 header'],
  ['wrong magic', new TextEncoder().encode('PK\x03\x04 not numpy at all'), 'not a .npy file'],
  ['an unknown version', npyFile(dict('<f4', '(2,)'), f4).map((b, i) => (i === 6 ? 4 : b)), 'unsupported .npy format version 4.0; tensorgrad reads 1.0, 2.0 and 3.0'],
  ['a header length beyond the file', npyFile(dict('<f4', '(2,)')).subarray(0, 40), 'header length 118 goes beyond the end of the file (30 bytes follow the prefix)'],
  ['a header that is not a dict', npyFile("['descr', '<f4']"), "malformed header dict at character 0 (expected '{')"],
  ['an unterminated string', npyFile("{'descr: '<f4'}"), "malformed header dict at character"],
  ['a missing key', npyFile("{'descr': '<f4', 'shape': (2,), }", f4), 'the header dict must have exactly the keys descr, fortran_order, shape; got descr, shape'],
  ['an extra key', npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': True}", f4), 'got descr, fortran_order, shape, x'],
  ['a duplicate key', npyFile("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", f4), "duplicate key 'descr'"],
  ['a list shape', npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': [2]}", f4), 'malformed header dict at character 50 (expected a string, True, False or a tuple of integers)'],
  ['a negative dimension', npyFile(dict('<f4', '(-2,)'), f4), 'expected a non-negative integer'],
  ['a non-integer dimension', npyFile(dict('<f4', '(2.5,)'), f4), "expected ',' or ')' in a tuple"],
  ['fortran_order not a bool', npyFile(dict('<f4', '(2,)', "'no'"), f4), `'fortran_order' must be True or False, got "no"`],
  ['shape not a tuple', npyFile(dict('<f4', "'2'"), f4), `'shape' must be a tuple of non-negative integers, got "2"`],
  ['descr not a string', npyFile(dict('<f4', '(2,)').replace("'<f4'", '(4,)'), f4), `'descr' must be a dtype string such as '<f4', got [4]`],
  ['an unsupported dtype', npyFile(dict('<c8', '(2,)'), 16), "unsupported dtype '<c8'; tensorgrad reads <f8 <f4"],
  ['a string dtype', npyFile(dict('<U5', '(2,)'), 40), "unsupported dtype '<U5'"],
  ['text after the dict', npyFile(`${dict('<f4', '(2,)')} x`, f4), 'unexpected text after the dict'],
  ['too little data', npyFile(dict('<f4', '(2, 3)'), f4), "shape (2, 3) of '<f4' needs 24 data bytes, but the file has 8 after the header"],
  ['too much data', npyFile(dict('<f4', '(1,)'), f4), "shape (1) of '<f4' needs 4 data bytes, but the file has 8"],
  ['an int64 out of int32 range', npyFile(dict('<i8', '(1,)'), new Uint8Array(new BigInt64Array([-(2n ** 31n) - 1n]).buffer)), "'<i8' data: element 0 is -2147483649, outside the int32 range"],
];

describe('npy readers refuse malformed files', () => {
  it.each(malformed)('%s', (_, bytes, message) => {
    const run = (): unknown => io.deserializeNpy(bytes);
    expect(run).toThrow(io.IoError);
    expect(run).toThrow(/^deserializeNpy: <bytes>: /);
    expect(run).toThrow(message);
  });

  it('loadNpy names the file; saveNpy wants a tensor', () => {
    const path = join(dir, 'bad.npy');
    writeFileSync(path, npyFile(dict('<f4', '(3,)'), f4));
    expect(() => io.loadNpy(path)).toThrow(`loadNpy: '${path}': shape (3) of '<f4' needs 12 data bytes`);
    expect(() => io.loadNpy(join(dir, 'missing.npy'))).toThrow(`loadNpy: cannot read '${join(dir, 'missing.npy')}'`);
    expect(() => io.saveNpy([1, 2] as unknown as tg.Tensor, path)).toThrow('saveNpy: expected a Tensor, got object');
    expect(() => io.deserializeNpy(null as unknown as Uint8Array)).toThrow('deserializeNpy: expected the file\'s bytes as a Uint8Array (or Buffer), got null');
  });
});
