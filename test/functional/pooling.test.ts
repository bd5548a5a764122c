/**
 * @file Pooling (src/functional/pooling.ts): outputs and input gradients against PyTorch 1.13
 * (test/fixtures/conv.json, from test/fixtures/make_conv_fixtures.py) to 1e-10 across strides,
 * paddings, dilations, ceilMode, countIncludePad and divisorOverride; gradcheck + gradgradcheck
 * properties; errors.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import {
  adaptiveAvgPool2d, avgPool2d, maxPool2d,
  type AvgPool2dOptions, type MaxPool2dOptions,
} from '../../src/functional/pooling.js';
import { checkOp, type Case, type Inputs } from '../helpers/check-op.js';

interface Encoded { shape: number[]; data: number[] }
interface FixtureCase {
  fn: string;
  label: string;
  options: Record<string, unknown>;
  kernelSize?: [number, number];
  outputSize?: [number, number];
  inputs: Encoded[];
  output: Encoded;
  gradOutput: Encoded;
  grads: Encoded[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/conv.json', import.meta.url), 'utf8')) as { cases: FixtureCase[] };
const decode = (e: Encoded): Tensor => tg.tensor(Float64Array.from(e.data), { dtype: 'float64' }).reshape(e.shape);

/** Throws unless `t` has `e`'s shape and values within `tol·max(1, |e|)`. */
function expectEncoded(what: string, t: Tensor | null, e: Encoded, tol = 1e-10): void {
  expect(t, what).not.toBeNull();
  expect(t!.shape, `${what}: shape`).toEqual(e.shape);
  const got = t!.dataSync();
  e.data.forEach((want, k) => {
    if (!(Math.abs(Number(got[k]) - want) <= tol * Math.max(1, Math.abs(want)))) {
      throw new Error(`${what}: element ${k} is ${got[k]}, PyTorch gives ${want}`);
    }
  });
}

type Pool = (x: Tensor, c: FixtureCase) => Tensor;
const pools: Record<string, Pool> = {
  maxPool2d: (x, c) => maxPool2d(x, c.kernelSize!, c.options as MaxPool2dOptions),
  avgPool2d: (x, c) => avgPool2d(x, c.kernelSize!, c.options as AvgPool2dOptions),
  adaptiveAvgPool2d: (x, c) => adaptiveAvgPool2d(x, c.outputSize!),
};

describe('pooling against PyTorch (float64, 1e-10)', () => {
  const cases = fixture.cases.filter((c) => c.fn in pools);
  it('has fixtures for every pooling function', () => {
    expect(new Set(cases.map((c) => c.fn))).toEqual(new Set(Object.keys(pools)));
  });
  it.each(cases.map((c) => [c.label, c] as const))('%s', (_, c) => {
    const x = decode(c.inputs[0]!).requiresGrad_();
    const y = pools[c.fn]!(x, c);
    expectEncoded('output', y, c.output);
    const [g] = tg.autograd.grad([y], [x], { gradOutputs: [decode(c.gradOutput)] });
    expectEncoded('input gradient', g!, c.grads[0]!);
  });
});

describe('pooling by hand', () => {
  const x = tg.arange(16).float().reshape([1, 1, 4, 4]);
  it('maxPool2d and avgPool2d on a ramp', () => {
    expect(maxPool2d(x, 2).toArray()).toEqual([[[[5, 7], [13, 15]]]]);
    expect(avgPool2d(x, 2).toArray()).toEqual([[[[2.5, 4.5], [10.5, 12.5]]]]);
  });
  it('maxPool2d sends the gradient to the first maximum of each window', () => {
    const t = tg.tensor([[[[1, 1], [1, 1]]]], { requiresGrad: true });
    maxPool2d(t, 2).sum().backward();
    expect(t.grad!.toArray()).toEqual([[[[1, 0], [0, 0]]]]);
  });
});

// ---------------------------------------------------------------------------------------------
// Gradient properties: small geometries, few runs.

interface PoolParams { kernel: [number, number]; options: Record<string, unknown> }
const geometries = (...cases: [number[], [number, number], Record<string, unknown>][]): Inputs<PoolParams> =>
  fc.constantFrom(...cases.map(([shape, kernel, options]): Case<PoolParams> => ({ shapes: [shape], params: { kernel, options } })));

checkOp('maxPool2d', ([x], { kernel, options }) => maxPool2d(x!, kernel, options as MaxPool2dOptions), {
  inputs: geometries(
    [[1, 2, 4, 4], [2, 2], {}],
    [[2, 1, 5, 4], [3, 2], { stride: [2, 1], padding: 1, ceilMode: true }],
    [[1, 1, 5, 5], [2, 2], { dilation: 2, stride: 1 }],
  ),
  distinct: true,
  numRuns: 6,
});

checkOp('avgPool2d', ([x], { kernel, options }) => avgPool2d(x!, kernel, options as AvgPool2dOptions), {
  inputs: geometries(
    [[1, 2, 4, 4], [2, 2], {}],
    [[2, 1, 5, 4], [3, 3], { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }],
    [[1, 1, 3, 5], [2, 3], { stride: 1, padding: [1, 1], divisorOverride: 4 }],
  ),
  numRuns: 6,
});

checkOp('adaptiveAvgPool2d', ([x], { kernel }) => adaptiveAvgPool2d(x!, kernel), {
  inputs: geometries([[1, 2, 5, 4], [3, 3], {}], [[2, 3, 3], [2, 1], {}]),
  numRuns: 4,
});

// ---------------------------------------------------------------------------------------------
// Errors name the function and the shapes.

describe('pooling errors', () => {
  const x = tg.zeros([1, 2, 4, 4]);
  it('kernel larger than the padded input', () => {
    expect(() => maxPool2d(x, 5)).toThrow(/maxPool2d: kernel size 5 is larger than the padded input size 4 \(input \[1,2,4,4\], padding 0\)/);
    expect(() => avgPool2d(x, [2, 7], { padding: [0, 1] })).toThrow(/avgPool2d: kernel size 7 is larger than the padded input size 6 \(input \[1,2,4,4\], padding 1\)/);
    expect(() => maxPool2d(x, 2, { dilation: 4 })).toThrow(/maxPool2d: kernel size 2 \(dilated to 5\) is larger than the padded input size 4/);
  });
  it('padding over half the kernel, bad ranks, options and dtypes', () => {
    expect(() => maxPool2d(x, 2, { padding: 2 })).toThrow(/maxPool2d: padding 2 should be at most half of the kernel size 2 \(input \[1,2,4,4\]\)/);
    expect(() => avgPool2d(tg.zeros([4, 4]), 2)).toThrow(/avgPool2d: expected a 4-d input \[N, C, H, W\] \(or 3-d \[C, H, W\]\), got \[4,4\]/);
    expect(() => maxPool2d(x, 0)).toThrow(/maxPool2d: kernelSize must be an integer >= 1/);
    expect(() => avgPool2d(x, 2, { divisorOverride: 0 })).toThrow(/avgPool2d: divisorOverride must be a non-zero number/);
    expect(() => maxPool2d(x.int(), 2)).toThrow(tg.DTypeError);
    expect(() => adaptiveAvgPool2d(tg.zeros([1, 2, 0, 3]), 2)).toThrow(/adaptiveAvgPool2d: expected non-empty spatial dims, got input \[1,2,0,3\]/);
    expect(() => adaptiveAvgPool2d(x, [0, 2])).toThrow(/adaptiveAvgPool2d: outputSize must be an integer >= 1/);
  });
});
