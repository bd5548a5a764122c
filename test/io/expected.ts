/**
 * @file The fixtures of `test/fixtures/io/` (written by `test/fixtures/make_io_fixtures.py`
 * with NumPy and the reference safetensors layout) and helpers to rebuild their tensors.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tg from '../../src/index.js';

/** The folder of the fixture files. */
export const fixtureDir = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/io');

/** One tensor as expected.json describes it (values flat, row-major). */
export interface ExpectedTensor {
  readonly dtype: tg.DType;
  readonly shape: number[];
  readonly values: (number | boolean)[];
}

/** A `.npy` fixture: its tensor, and whether tensorgrad's writer must reproduce its bytes. */
export interface NpyCase extends ExpectedTensor {
  readonly identical: boolean;
}

/** A safetensors fixture. */
export interface SafetensorsCase {
  readonly metadata: Record<string, string> | null;
  readonly identical: boolean;
  readonly tensors: Record<string, ExpectedTensor>;
}

/** The contents of expected.json. */
export interface Expected {
  readonly npy: Record<string, NpyCase>;
  readonly safetensors: Record<string, SafetensorsCase>;
  /** File name → a part of the error message loading it must give. */
  readonly errors: Record<string, string>;
}

/** expected.json, parsed. */
export const expected = JSON.parse(readFileSync(join(fixtureDir, 'expected.json'), 'utf8')) as Expected;

/** The tensor an expected entry describes. */
export function build(e: ExpectedTensor): tg.Tensor {
  const values = e.values.map(Number);
  const data = e.dtype === 'float64' ? new Float64Array(values) : e.dtype === 'float32' ? new Float32Array(values) : e.dtype === 'int32' ? new Int32Array(values) : new Uint8Array(values);
  return tg.tensor(data).reshape(e.shape);
}

/** The tensors of a safetensors case, by name. */
export function buildAll(c: SafetensorsCase): Record<string, tg.Tensor> {
  return Object.fromEntries(Object.entries(c.tensors).map(([k, e]) => [k, build(e)]));
}
