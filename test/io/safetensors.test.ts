/**
 * @file tg.io safetensors writing and round trips: the reference implementation's own test
 * vectors, its tensor order and header padding, every writable dtype, files on disk, and
 * clear errors for input that cannot be written.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as io from '../../src/io/index.js';
import { header, headerText } from './st-bytes.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-io-st-'));
const f32 = (...v: number[]): Uint8Array => new Uint8Array(new Float32Array(v).buffer);
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('safetensors writer: the reference implementation test vectors', () => {
  it('one F32 tensor with a header that needs no padding', () => {
    const json = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
    expect(json.length).toBe(64);
    const bytes = io.serialize({ 'attn.0': tg.arange(6, undefined, 1, { dtype: 'float32' }).reshape([1, 2, 3]) });
    expect(bytes).toEqual(concat(header(json), f32(0, 1, 2, 3, 4, 5)));
  });

  it('pads the header with spaces so the data starts 8-byte aligned', () => {
    const json = '{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       ';
    const bytes = io.serialize({ attn0: tg.arange(6).float().reshape([1, 1, 2, 3]) });
    expect(bytes).toEqual(concat(header(json), f32(0, 1, 2, 3, 4, 5)));
    expect(bytes[0]).toBe(72);
  });

  it('no tensors, with and without metadata', () => {
    expect(io.serialize({})).toEqual(Uint8Array.from([8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32]));
    expect(io.serialize({}, { framework: 'pt' })).toEqual(header('{"__metadata__":{"framework":"pt"}}     '));
  });
});

describe('safetensors writer: layout', () => {
  it('orders tensors by dtype (F64, F32, I32, BOOL) then by name, as the reference does', () => {
    const bytes = io.serialize({
      m: tg.tensor([true]), b: tg.tensor([1], { dtype: 'int32' }), a: tg.tensor([1]), Z: tg.tensor([1]),
      c: tg.tensor([1], { dtype: 'float64' }), 'é': tg.tensor([1]), 'ｚ': tg.tensor([1]), '😀': tg.tensor([1]),
    });
    const json = JSON.parse(headerText(bytes)) as Record<string, unknown>;
    // Names compare by UTF-8 bytes (code points), so the emoji sorts after the full-width letter.
    expect(Object.keys(json)).toEqual(['c', 'Z', 'a', 'é', 'ｚ', '😀', 'b', 'm']);
  });

  it('writes metadata first, keys sorted, strings escaped like serde_json', () => {
    const bytes = io.serialize({}, { z: 'a"b\\c\n\u0001', a: 'ü' });
    const text = headerText(bytes).trimEnd();
    expect(text).toBe('{"__metadata__":{"a":"ü","z":"a\\"b\\\\c\\n\\u0001"}}');
  });

  it('writes views in row-major order and bool as one byte per element', () => {
    const x = tg.tensor([[1, 2, 3], [4, 5, 6]]).transpose(0, 1);
    const { tensors } = io.deserialize(io.serialize({ x, m: tg.tensor([true, false, true]) }));
    expect(tensors.x!.toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    const bytes = io.serialize({ m: tg.tensor([true, false, true]) });
    expect([...bytes.subarray(bytes.length - 3)]).toEqual([1, 0, 1]);
  });
});

describe('safetensors round trips', () => {
  const cases: [string, tg.Tensor][] = [
    ['float32', tg.randn([3, 4])],
    ['float64', tg.randn([2, 2, 2], { dtype: 'float64' }).mul(1e200)],
    ['int32', tg.tensor([-2147483648, 0, 2147483647], { dtype: 'int32' })],
    ['bool', tg.tensor([[true, false], [false, true]])],
    ['0-d', tg.tensor(3.25)],
    ['empty', tg.zeros([0, 5])],
    ['special floats', tg.tensor([NaN, Infinity, -Infinity, -0])],
  ];
  it.each(cases)('%s', (_, t) => {
    const back = io.deserialize(io.serialize({ t })).tensors.t!;
    expect(back.dtype).toBe(t.dtype);
    expect(back.shape).toEqual(t.shape);
    expect(Array.from(back.dataSync())).toEqual(Array.from(t.dataSync()));
  });

  it('save and load a state dict on disk, with metadata read back by deserialize', () => {
    const path = join(dir, 'model.safetensors');
    const state = { 'fc.weight': tg.randn([4, 3]), 'fc.bias': tg.zeros([4]), steps: tg.tensor(9, { dtype: 'int32' }) };
    io.save(state, path, { format: 'pt', epoch: '3' });
    const loaded = io.load(path);
    for (const [k, t] of Object.entries(state)) expect(Array.from(loaded[k]!.dataSync())).toEqual(Array.from(t.dataSync()));
    expect({ ...io.deserialize(readFileSync(path)).metadata }).toEqual({ format: 'pt', epoch: '3' });
    expect(loaded['fc.weight']!.requiresGrad).toBe(false);
  });

  it('a tensor that requires grad is saved by value', () => {
    const w = tg.ones([2], { requiresGrad: true });
    expect(io.deserialize(io.serialize({ w })).tensors.w!.toArray()).toEqual([1, 1]);
  });

  it('names like "constructor" and "toString" load as own entries; no prototype is touched', () => {
    const { tensors } = io.deserialize(io.serialize({ constructor: tg.tensor([1]), toString: tg.tensor([2]) }));
    expect(Object.getPrototypeOf(tensors)).toBeNull();
    const [ctor, str]: string[] = ['constructor', 'toString'];
    expect(tensors[ctor!]!.toArray()).toEqual([1]);
    expect(tensors[str!]!.toArray()).toEqual([2]);
    expect(Object.keys(tensors).sort()).toEqual(['constructor', 'toString']);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });
});

describe('safetensors writer: errors name the function and what is wrong', () => {
  it.each([
    ['a non-tensor value', () => io.serialize({ w: [1, 2] as unknown as tg.Tensor }), "serialize: 'w' must be a Tensor, got object"],
    ['a non-object', () => io.serialize(null as unknown as Record<string, tg.Tensor>), 'serialize: expected an object or Map of tensors by name, got null'],
    ['the reserved name', () => io.serialize({ __metadata__: tg.ones([1]) }), "serialize: '__metadata__' is reserved"],
    ['a __proto__ name', () => io.serialize(new Map([['__proto__', tg.ones([1])]])), "tensor name '__proto__' is not allowed"],
    ['a non-string metadata value', () => io.serialize({}, { step: 3 as unknown as string }), "serialize: metadata value of 'step' must be a string, got number"],
    ['array metadata', () => io.serialize({}, ['x'] as unknown as Record<string, string>), 'serialize: metadata must be an object of strings, got an array'],
  ])('%s', (_, run, message) => {
    expect(run).toThrow(io.IoError);
    expect(run).toThrow(message);
  });

  it('save names the file it cannot write and leaves nothing behind', () => {
    const path = join(dir, 'no-such-folder', 'x.safetensors');
    expect(() => io.save({ w: tg.ones([1]) }, path)).toThrow(`save: cannot write '${path}'`);
    expect(existsSync(path)).toBe(false);
    expect(() => io.save({ w: 5 as unknown as tg.Tensor }, join(dir, 'bad.safetensors'))).toThrow("save: 'w' must be a Tensor");
    expect(existsSync(join(dir, 'bad.safetensors'))).toBe(false);
  });

  it('IoError is a TensorError', () => {
    expect(new io.IoError('x')).toBeInstanceOf(tg.TensorError);
    expect(new io.IoError('x').name).toBe('IoError');
  });
});
