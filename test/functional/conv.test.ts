/**
 * @file Convolutions (src/functional/conv.ts): outputs and input/weight/bias gradients against
 * PyTorch 1.13 (test/fixtures/conv.json, from test/fixtures/make_conv_fixtures.py) to 1e-10,
 * gradcheck + gradgradcheck properties over small geometries, and the errors for bad shapes.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import {
  conv1d, conv2d, convTranspose2d,
  type Conv1dOptions, type Conv2dOptions, type ConvTranspose2dOptions,
} from '../../src/functional/conv.js';
import { checkOp, type Case, type Inputs } from '../helpers/check-op.js';

interface Encoded { shape: number[]; data: number[] }
interface FixtureCase {
  fn: string;
  label: string;
  options: Record<string, unknown>;
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

type Conv = (x: Tensor, w: Tensor, b: Tensor | null, o: Record<string, unknown>) => Tensor;
const convs: Record<string, Conv> = {
  conv1d: (x, w, b, o) => conv1d(x, w, b, o as Conv1dOptions),
  conv2d: (x, w, b, o) => conv2d(x, w, b, o as Conv2dOptions),
  convTranspose2d: (x, w, b, o) => convTranspose2d(x, w, b, o as ConvTranspose2dOptions),
};

describe('convolutions against PyTorch (float64, 1e-10)', () => {
  const cases = fixture.cases.filter((c) => c.fn in convs);
  it('has fixtures for every convolution', () => {
    expect(new Set(cases.map((c) => c.fn))).toEqual(new Set(Object.keys(convs)));
  });
  it.each(cases.map((c) => [c.label, c] as const))('%s', (_, c) => {
    const inputs = c.inputs.map((e) => decode(e).requiresGrad_());
    const y = convs[c.fn]!(inputs[0]!, inputs[1]!, inputs[2] ?? null, c.options);
    expectEncoded('output', y, c.output);
    const grads = tg.autograd.grad([y], inputs, { gradOutputs: [decode(c.gradOutput)] });
    grads.forEach((g, i) => expectEncoded(`gradient of input ${i}`, g, c.grads[i]!));
  });
});

// ---------------------------------------------------------------------------------------------
// Gradient properties: small geometries, few runs (each run does gradcheck and gradgradcheck).

interface ConvParams { options: Record<string, unknown> }
const geometries = (...cases: [number[][], Record<string, unknown>][]): Inputs<ConvParams> =>
  fc.constantFrom(...cases.map(([shapes, options]): Case<ConvParams> => ({ shapes, params: { options } })));

checkOp('conv2d', ([x, w, b], { options }) => conv2d(x!, w!, b ?? null, options as Conv2dOptions), {
  inputs: geometries(
    [[[1, 2, 4, 4], [2, 2, 2, 2], [2]], { stride: 2, padding: 1 }],
    [[[2, 2, 3, 4], [2, 1, 2, 2], [2]], { groups: 2, dilation: [1, 2] }],
    [[[1, 2, 3, 3], [1, 2, 2, 2]], { padding: 'same' }],
    [[[1, 3, 3, 3], [2, 3, 1, 2], [2]], { stride: [1, 2], padding: [1, 0] }],
  ),
  numRuns: 6,
});

checkOp('conv1d', ([x, w, b], { options }) => conv1d(x!, w!, b ?? null, options as Conv1dOptions), {
  inputs: geometries(
    [[[2, 2, 5], [3, 2, 2], [3]], { stride: 2, padding: 1 }],
    [[[1, 4, 4], [2, 2, 3]], { groups: 2, padding: 'same' }],
  ),
  numRuns: 4,
});

checkOp('convTranspose2d', ([x, w, b], { options }) => convTranspose2d(x!, w!, b ?? null, options as ConvTranspose2dOptions), {
  inputs: geometries(
    [[[1, 2, 2, 3], [2, 2, 2, 2], [2]], { stride: 2, padding: 1, outputPadding: 1 }],
    [[[1, 2, 2, 2], [2, 1, 2, 2]], { groups: 2, dilation: 2 }],
  ),
  numRuns: 4,
});

// ---------------------------------------------------------------------------------------------
// Errors name the function and the shapes.

describe('convolution errors', () => {
  const x = tg.zeros([1, 3, 5, 5]);
  it('channel mismatch', () => {
    expect(() => conv2d(x, tg.zeros([4, 2, 3, 3]))).toThrow(/conv2d: input \[1,3,5,5\] has 3 channels but weight \[4,2,3,3\] with groups=1 expects 2/);
    expect(() => convTranspose2d(x, tg.zeros([2, 3, 3, 3]))).toThrow(/convTranspose2d: input \[1,3,5,5\] has 3 channels but weight \[2,3,3,3\] expects 2/);
    expect(() => conv1d(tg.zeros([1, 3, 5]), tg.zeros([4, 2, 3]))).toThrow(/conv1d: input \[1,3,5\] has 3 channels/);
  });
  it('kernel larger than the padded input', () => {
    expect(() => conv2d(x, tg.zeros([2, 3, 6, 3]))).toThrow(/conv2d: kernel size 6 is larger than the padded input size 5 .*input \[1,3,5,5\], weight \[2,3,6,3\]/);
    expect(() => conv2d(x, tg.zeros([2, 3, 3, 3]), null, { dilation: 3 })).toThrow(/conv2d: kernel size 3 \(dilated to 7\) is larger than the padded input size 5/);
    expect(conv2d(x, tg.zeros([2, 3, 6, 3]), null, { padding: 1 }).shape).toEqual([1, 2, 2, 5]);
  });
  it('groups that do not divide the channels', () => {
    expect(() => conv2d(x, tg.zeros([4, 1, 3, 3]), null, { groups: 2 })).toThrow(/conv2d: groups=2 must divide the input channels 3 \(input \[1,3,5,5\]\)/);
    expect(() => conv2d(tg.zeros([1, 4, 5, 5]), tg.zeros([3, 2, 3, 3]), null, { groups: 2 })).toThrow(/conv2d: groups=2 must divide the output channels 3 \(weight \[3,2,3,3\]\)/);
    expect(() => convTranspose2d(x, tg.zeros([3, 1, 3, 3]), null, { groups: 2 })).toThrow(/convTranspose2d: groups=2 must divide the input channels 3/);
    expect(() => conv2d(x, tg.zeros([3, 3, 3, 3]), null, { groups: 0 })).toThrow(/conv2d: groups must be a positive integer, got 0/);
  });
  it('ranks, bias, dtypes and options', () => {
    expect(() => conv2d(tg.zeros([5, 5]), tg.zeros([1, 1, 3, 3]))).toThrow(/conv2d: expected a 4-d input \[N, C, H, W\] \(or 3-d without batch\), got \[5,5\]/);
    expect(() => conv2d(x, tg.zeros([3, 3, 3]))).toThrow(/conv2d: expected a 4-d weight/);
    expect(() => conv2d(x, tg.zeros([2, 3, 3, 3]), tg.zeros([3]))).toThrow(/conv2d: expected a bias of shape \[2\] .*got \[3\]/);
    expect(() => conv2d(x, tg.zeros([2, 3, 3, 3], { dtype: 'float64' }))).toThrow(/conv2d: input, weight and bias must have one dtype, got float32, float64/);
    expect(() => conv2d(x.int(), tg.zeros([2, 3, 3, 3]))).toThrow(tg.DTypeError);
    expect(() => conv2d(x, tg.zeros([2, 3, 3, 3]), null, { stride: 0 })).toThrow(/conv2d: stride must be an integer >= 1 or a pair of them, got 0/);
    expect(() => conv2d(x, tg.zeros([2, 3, 3, 3]), null, { padding: 'same', stride: 2 })).toThrow(/conv2d: padding='same' is not supported for strided convolutions/);
    expect(() => convTranspose2d(x, tg.zeros([3, 2, 3, 3]), null, { stride: 2, outputPadding: 2 })).toThrow(/convTranspose2d: outputPadding 2 must be smaller than either stride 2 or dilation 1/);
  });
  it('leaves unbatched inputs unbatched and matches the batched result', () => {
    const xb = tg.randn([1, 3, 5, 5]), w = tg.randn([2, 3, 3, 3]);
    const a = conv2d(xb.squeeze(0), w, null, { padding: 1 }), b = conv2d(xb, w, null, { padding: 1 });
    expect(a.shape).toEqual([2, 5, 5]);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.squeeze(0).dataSync()));
  });
});
