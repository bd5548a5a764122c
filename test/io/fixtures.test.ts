/**
 * @file tg.io against files written by NumPy (`np.save`) and in the reference safetensors
 * layout (see `test/fixtures/make_io_fixtures.py`): every fixture loads with the expected
 * dtype, shape and values, and tensorgrad writes the same bytes for the same tensors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as io from '../../src/io/index.js';
import { build, buildAll, expected, fixtureDir, type ExpectedTensor } from './expected.js';

const file = (name: string): string => join(fixtureDir, name);

function expectTensor(t: tg.Tensor | undefined, e: ExpectedTensor): void {
  expect(t).toBeDefined();
  expect(t!.dtype).toBe(e.dtype);
  expect(t!.shape).toEqual(e.shape);
  const got = Array.from(t!.dataSync(), (v) => (e.dtype === 'bool' ? v !== 0 : v));
  if (e.dtype === 'float32') expect(got).toEqual(e.values.map((v) => Math.fround(Number(v))));
  else expect(got).toEqual(e.values);
}

describe('io fixtures: .npy written by NumPy', () => {
  it.each(Object.entries(expected.npy))('%s loads with the expected dtype, shape and values', (name, e) => {
    expectTensor(io.loadNpy(file(name)), e);
  });

  const identical = Object.entries(expected.npy).filter(([, e]) => e.identical);
  it.each(identical)('%s: serializeNpy writes the same bytes as np.save', (name, e) => {
    expect(Buffer.from(io.serializeNpy(build(e)))).toEqual(readFileSync(file(name)));
  });

  it('covers versions 1.0, 2.0 and 3.0 and both orders', () => {
    const header = (name: string): string => readFileSync(file(name)).subarray(0, 80).toString('latin1');
    expect(header('i4_v2.npy').charCodeAt(6)).toBe(2);
    expect(header('f4_v3.npy').charCodeAt(6)).toBe(3);
    expect(header('f8_fortran.npy')).toContain("'fortran_order': True");
    expect(identical.length).toBeGreaterThanOrEqual(5);
  });
});

describe('io fixtures: safetensors in the reference layout', () => {
  it.each(Object.entries(expected.safetensors))('%s loads every tensor and the metadata', (name, c) => {
    const { tensors, metadata } = io.deserialize(readFileSync(file(name)));
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(c.tensors).sort());
    for (const [k, e] of Object.entries(c.tensors)) expectTensor(tensors[k], e);
    expect({ ...metadata }).toEqual(c.metadata ?? {});
    expect(Object.keys(io.load(file(name))).sort()).toEqual(Object.keys(c.tensors).sort());
  });

  const identical = Object.entries(expected.safetensors).filter(([, c]) => c.identical);
  it.each(identical)('%s: serialize writes the same bytes as the reference writer', (name, c) => {
    const bytes = io.serialize(buildAll(c), c.metadata ?? undefined);
    expect(Buffer.from(bytes)).toEqual(readFileSync(file(name)));
  });

  it('save writes the same file too, whatever the order of the names given', () => {
    const c = expected.safetensors['state_dict.safetensors']!;
    const reversed = new Map(Object.entries(buildAll(c)).reverse());
    expect(Buffer.from(io.serialize(reversed, c.metadata!))).toEqual(readFileSync(file('state_dict.safetensors')));
  });
});

describe('io fixtures: values int32 cannot hold are refused', () => {
  it.each(Object.entries(expected.errors))('%s', (name, message) => {
    const read = name.endsWith('.npy') ? () => io.loadNpy(file(name)) : () => io.load(file(name));
    expect(read).toThrow(io.IoError);
    expect(read).toThrow(message);
    expect(read).toThrow(name);
  });
});
