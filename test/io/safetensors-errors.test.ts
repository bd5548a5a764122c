/**
 * @file tg.io safetensors readers validate a file before trusting any of it: each malformed
 * file gives an `IoError` naming the function, the file and what is wrong.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as io from '../../src/io/index.js';
import { header, stFile } from './st-bytes.js';

const entry = (dtype: string, shape: unknown, offsets: unknown): object => ({ dtype, shape, data_offsets: offsets });

/** Malformed files and a part of the message each must give. */
const malformed: [string, Uint8Array, string][] = [
  ['shorter than 8 bytes', new Uint8Array(5), '5 bytes is too short for a safetensors file'],
  ['header length beyond the file', header('{}', 1000), 'header length 1000 goes beyond the end of the file (2 bytes follow'],
  ['header length over the 100 MB limit', header('{}', 2 ** 40), 'header length 1099511627776 is larger than the 100000000-byte limit'],
  ['header not UTF-8', stFile('{"?"}').map((b, i) => (i === 10 ? 0xff : b)), 'the header is not valid UTF-8'],
  ['header not an object', stFile('[1,2]'), `the header must be a JSON object starting with '{', got "[1,2]"`],
  ['malformed JSON', stFile('{"w": {"dtype": "F32",'), 'the header is not valid JSON'],
  ['an entry that is not an object', stFile({ w: 3 }), "tensor 'w': expected an object {dtype, shape, data_offsets}, got 3"],
  ['a missing dtype', stFile({ w: { shape: [1], data_offsets: [0, 4] } }, 4), `tensor 'w': "dtype" must be a string, got undefined`],
  ['an unknown dtype', stFile({ w: entry('F33', [1], [0, 4]) }, 4), "tensor 'w': unknown dtype 'F33'; safetensors dtypes are BOOL"],
  ['an unsupported dtype', stFile({ w: entry('F8_E4M3', [4], [0, 4]) }, 4), "tensor 'w': dtype F8_E4M3 is not supported; tensorgrad reads BOOL, U8"],
  ['a negative shape', stFile({ w: entry('F32', [-1], [0, 4]) }, 4), `tensor 'w': "shape" must be an array of non-negative integers, got [-1]`],
  ['a non-integer shape', stFile({ w: entry('F32', [1.5], [0, 4]) }, 4), `tensor 'w': "shape" must be an array of non-negative integers, got [1.5]`],
  ['a shape that is not an array', stFile({ w: entry('F32', '2', [0, 8]) }, 8), `tensor 'w': "shape" must be an array of non-negative integers, got "2"`],
  ['offsets of three numbers', stFile({ w: entry('F32', [1], [0, 4, 8]) }, 8), `tensor 'w': "data_offsets" must be [begin, end] with non-negative integers, got [0,4,8]`],
  ['negative offsets', stFile({ w: entry('F32', [1], [-4, 0]) }, 4), `tensor 'w': "data_offsets" must be [begin, end]`],
  ['offsets that end before they begin', stFile({ w: entry('F32', [0], [4, 0]) }, 4), "tensor 'w': data_offsets [4,0] end before they begin"],
  ['bytes that do not match shape x dtype', stFile({ w: entry('F32', [2, 3], [0, 20]) }, 20), "tensor 'w': shape [2,3] of F32 needs 24 bytes, but data_offsets [0,20] span 20"],
  ['a shape too large to count', stFile({ w: entry('F64', [2 ** 30, 2 ** 30, 2 ** 30], [0, 8]) }, 8), "tensor 'w': shape [1073741824,1073741824,1073741824] is too large"],
  ['offsets outside the data region', stFile({ w: entry('F32', [2], [0, 8]) }, 4), "tensor 'w': data_offsets [0,8] lie outside the data region (4 bytes)"],
  ['overlapping tensors', stFile({ a: entry('F32', [2], [0, 8]), b: entry('F32', [1], [4, 8]) }, 8), "tensor 'b': data_offsets [4,8] overlap tensor 'a' [0,8]"],
  ['a gap between tensors', stFile({ a: entry('F32', [1], [0, 4]), b: entry('F32', [1], [8, 12]) }, 12), 'bytes [4,8) of the data region belong to no tensor'],
  ['data left over after the last tensor', stFile({ a: entry('F32', [1], [0, 4]) }, 12), 'the tensors cover 4 bytes but the data region has 12'],
  ['data and no tensors', stFile({}, 8), 'the tensors cover 0 bytes but the data region has 8'],
  ['a __proto__ tensor name', stFile('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', 4), "tensor name '__proto__' is not allowed"],
  ['a __proto__ metadata key', stFile('{"__metadata__":{"__proto__":"x"}}'), "__metadata__ key '__proto__' is not allowed"],
  ['metadata that is not an object', stFile({ __metadata__: 'pt' }), '"__metadata__" must be an object of strings, got "pt"'],
  ['a metadata value that is not a string', stFile({ __metadata__: { epoch: 3 } }), `"__metadata__" value of 'epoch' must be a string, got 3`],
];

describe('safetensors readers refuse malformed files', () => {
  it.each(malformed)('%s', (_, bytes, message) => {
    const run = (): unknown => io.deserialize(bytes);
    expect(run).toThrow(io.IoError);
    expect(run).toThrow(`deserialize: <bytes>: ${message}`);
  });

  it('load names the file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tg-io-bad-')), 'bad.safetensors');
    writeFileSync(path, stFile({ w: entry('F32', [2, 3], [0, 20]) }, 20));
    expect(() => io.load(path)).toThrow(`load: '${path}': tensor 'w': shape [2,3] of F32 needs 24 bytes`);
    expect(() => io.load(join(path, 'missing'))).toThrow(`load: cannot read '${join(path, 'missing')}'`);
  });

  it('deserialize wants bytes', () => {
    expect(() => io.deserialize('model.safetensors' as unknown as Uint8Array)).toThrow('deserialize: expected the file\'s bytes as a Uint8Array (or Buffer), got string');
  });

  it('no prototype is changed by a hostile header', () => {
    const bytes = stFile('{"__metadata__":{"constructor":"x","polluted":"yes"},"constructor":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', 4);
    const { tensors, metadata } = io.deserialize(bytes);
    expect(Object.getPrototypeOf(tensors)).toBeNull();
    expect(Object.getPrototypeOf(metadata)).toBeNull();
    const ctor: string = 'constructor';
    expect(metadata[ctor]).toBe('x');
    expect(tensors[ctor]!.shape).toEqual([1]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('safetensors readers accept what the format allows', () => {
  it('a tensor of size 0 sharing its offset with the next tensor', () => {
    const bytes = stFile({ e: entry('F32', [0, 2], [0, 0]), w: entry('F32', [1], [0, 4]) }, new Uint8Array(new Float32Array([2.5]).buffer));
    const { tensors } = io.deserialize(bytes);
    expect(tensors.e!.shape).toEqual([0, 2]);
    expect(tensors.w!.toArray()).toEqual([2.5]);
  });

  it('entries in any order, unknown fields ignored, and an unpadded header', () => {
    const data = new Uint8Array([...new Uint8Array(new Int32Array([7]).buffer), 1, 0]);
    const bytes = stFile('{"m":{"dtype":"BOOL","shape":[2],"data_offsets":[4,6],"extra":1},"i":{"dtype":"I32","shape":[],"data_offsets":[0,4]}}', data);
    const { tensors } = io.deserialize(bytes);
    expect(Object.keys(tensors)).toEqual(['i', 'm']);
    expect(tensors.i!.toArray()).toBe(7);
    expect(tensors.m!.toArray()).toEqual([true, false]);
  });

  it('decodes F16 and BF16 special values exactly', () => {
    const half = new Uint16Array([0x3c00, 0x8001, 0x7bff, 0x7c00, 0xfc00, 0x7e00, 0x8000, 0x0400]);
    const bf = new Uint16Array([0x3f80, 0xc049, 0x7f80, 0x0001]);
    const bytes = stFile({ h: entry('F16', [8], [0, 16]), b: entry('BF16', [4], [16, 24]) }, new Uint8Array([...new Uint8Array(half.buffer), ...new Uint8Array(bf.buffer)]));
    const { tensors } = io.deserialize(bytes);
    expect(Array.from(tensors.h!.dataSync())).toEqual([1, -(2 ** -24), 65504, Infinity, -Infinity, NaN, -0, 2 ** -14]);
    expect(Array.from(tensors.b!.dataSync())).toEqual([1, -3.140625, Infinity, 2 ** -133]);
    expect(tensors.h!.dtype).toBe('float32');
  });

  it('reads U64 and U32 values that fit int32, and refuses those that do not', () => {
    const ok = new BigUint64Array([0n, 2147483647n]);
    const bytes = stFile({ u: entry('U64', [2], [0, 16]) }, new Uint8Array(ok.buffer));
    expect(io.deserialize(bytes).tensors.u!.toArray()).toEqual([0, 2147483647]);
    const big = stFile({ u: entry('U32', [1], [0, 4]) }, new Uint8Array(new Uint32Array([2147483648]).buffer));
    expect(() => io.deserialize(big)).toThrow("tensor 'u' (U32): element 0 is 2147483648, outside the int32 range [-2147483648, 2147483647] that tensorgrad loads uint32 into");
  });
});
