/**
 * @file Sliding blocks (src/ops/unfold.ts): unfold (im2col) and fold (col2im) against PyTorch's
 * `F.unfold` / `F.fold` (test/fixtures/conv.json) to 1e-10; properties over drawn geometries —
 * fold is unfold's adjoint, strided inputs give the contiguous result, and gradcheck +
 * gradgradcheck pass for both; the `padValue` of the geometry; errors. These ops are internal
 * (used by src/functional/), not `tg.` functions, so they are checked with `gradcheck` directly
 * rather than by `checkOp` (whose names the meta-test requires to be exported).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { fold, foldWith, unfold, unfoldGeometry, unfoldWith, type UnfoldOptions } from '../../src/ops/unfold.js';

interface Encoded { shape: number[]; data: number[] }
interface FixtureCase {
  fn: string;
  label: string;
  options: UnfoldOptions;
  kernelSize: [number, number];
  outputSize?: [number, number];
  inputs: Encoded[];
  output: Encoded;
  gradOutput: Encoded;
  grads: Encoded[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/conv.json', import.meta.url), 'utf8')) as { cases: FixtureCase[] };
const decode = (e: Encoded): Tensor => tg.tensor(Float64Array.from(e.data), { dtype: 'float64' }).reshape(e.shape);
const flat = (t: Tensor): number[] => Array.from(t.dataSync(), Number);

function expectNear(what: string, got: number[], want: number[], tol = 1e-10): void {
  expect(got.length, `${what}: size`).toBe(want.length);
  want.forEach((w, k) => {
    if (!(Math.abs(got[k]! - w) <= tol * Math.max(1, Math.abs(w)))) throw new Error(`${what}: element ${k} is ${got[k]}, expected ${w}`);
  });
}

describe('unfold and fold against PyTorch (float64, 1e-10)', () => {
  const cases = fixture.cases.filter((c) => c.fn === 'unfold' || c.fn === 'fold');
  it.each(cases.map((c) => [c.label, c] as const))('%s', (_, c) => {
    const x = decode(c.inputs[0]!).requiresGrad_();
    const y = c.fn === 'unfold' ? unfold(x, c.kernelSize, c.options) : fold(x, c.outputSize!, c.kernelSize, c.options);
    expect(y.shape).toEqual(c.output.shape);
    expectNear('output', flat(y), c.output.data);
    const [g] = tg.autograd.grad([y], [x], { gradOutputs: [decode(c.gradOutput)] });
    expect(g!.shape).toEqual(c.grads[0]!.shape);
    expectNear('gradient', flat(g!), c.grads[0]!.data);
  });
});

/** A drawn geometry: input shape, kernel and options, always with at least one block. */
const geometryArb = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }), c: fc.integer({ min: 1, max: 2 }),
    kernel: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    stride: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 3 })),
    padding: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1 })),
    dilation: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
    extra: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
  })
  .map((r) => {
    const size = [0, 1].map((d) => Math.max(1, r.dilation[d]! * (r.kernel[d]! - 1) + 1 - 2 * r.padding[d]! + r.extra[d]!)) as [number, number];
    const options: UnfoldOptions = { stride: r.stride, padding: r.padding, dilation: r.dilation };
    return { shape: [r.n, r.c, size[0], size[1]], kernel: r.kernel, options };
  });

const seeded = (shape: number[], salt: number): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return tg.tensor(Float64Array.from({ length: n }, (_, k) => Math.sin(1.3 * k + salt)), { dtype: 'float64' }).reshape(shape);
};

describe('unfold and fold properties', () => {
  it('fold is the adjoint of unfold: <unfold(x), c> = <x, fold(c)>', () => {
    fc.assert(fc.property(geometryArb, ({ shape, kernel, options }) => {
      const x = seeded(shape, 0.1);
      const u = unfold(x, kernel, options);
      const c = seeded(u.shape as number[], 0.7);
      const f = fold(c, [shape[2]!, shape[3]!], kernel, options);
      expect(f.shape).toEqual(shape);
      const lhs = u.mul(c).sum().item(), rhs = x.mul(f).sum().item();
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12 * Math.max(1, Math.abs(lhs)));
    }), { seed: 7, numRuns: 60 });
  });

  it('strided inputs give the values of contiguous copies', () => {
    fc.assert(fc.property(geometryArb, ({ shape, kernel, options }) => {
      const [n, c, h, w] = shape as [number, number, number, number];
      const x = seeded([n, c, w, h], 0.3).transpose(2, 3); // [n, c, h, w], strided
      expect(flat(unfold(x, kernel, options))).toEqual(flat(unfold(x.contiguous(), kernel, options)));
      const u = unfold(x, kernel, options);
      const cols = seeded([u.shape[0]!, u.shape[2]!, u.shape[1]!], 0.9).transpose(1, 2);
      expect(flat(fold(cols, [h, w], kernel, options))).toEqual(flat(fold(cols.contiguous(), [h, w], kernel, options)));
    }), { seed: 8, numRuns: 30 });
  });

  it('gradcheck and gradgradcheck pass for unfold and fold', () => {
    fc.assert(fc.property(geometryArb, ({ shape, kernel, options }) => {
      const x = seeded(shape, 0.2).requiresGrad_();
      tg.autograd.gradcheck((t) => unfold(t, kernel, options), [x]);
      tg.autograd.gradgradcheck((t) => unfold(t, kernel, options), [x]);
      const u = unfold(x.detach(), kernel, options);
      const cols = seeded(u.shape as number[], 0.4).requiresGrad_();
      const size: [number, number] = [shape[2]!, shape[3]!];
      tg.autograd.gradcheck((t) => fold(t, size, kernel, options), [cols]);
      tg.autograd.gradgradcheck((t) => fold(t, size, kernel, options), [cols]);
    }), { seed: 9, numRuns: 12 });
  });

  it('float32 gives float32 results close to float64', () => {
    const x = seeded([1, 2, 5, 4], 0.5);
    const a = unfold(x.float(), [2, 2], { padding: 1, stride: [2, 1] });
    expect(a.dtype).toBe('float32');
    expectNear('float32', flat(a), flat(unfold(x, [2, 2], { padding: 1, stride: [2, 1] })), 1e-6);
  });
});

describe('geometry', () => {
  it('padValue fills positions outside the image, and blocks may overhang the padded input (ceilMode)', () => {
    const x = tg.tensor([[[[1, 2], [3, 4]]]], { dtype: 'float64', requiresGrad: true });
    const g = { ...unfoldGeometry('test', [2, 2], 2, { padding: 1, stride: 2 }), padValue: -Infinity };
    expect(g.blocks).toEqual([2, 2]);
    const wide = { ...g, blocks: [2, 3] as const };
    const cols = unfoldWith(x, wide);
    const I = -Infinity;
    expect(cols.toArray()).toEqual([[
      [I, I, I, I, 4, I],
      [I, I, I, 3, I, I],
      [I, 2, I, I, I, I],
      [1, I, I, I, I, I],
    ]]);
    // The gradient ignores padding, and fold drops entries that fall outside the image.
    const [dx] = tg.autograd.grad([cols], [x], { gradOutputs: [tg.onesLike(cols)] });
    expect(dx!.toArray()).toEqual([[[[1, 1], [1, 1]]]]);
    expect(foldWith(tg.onesLike(cols), wide).toArray()).toEqual([[[[1, 1], [1, 1]]]]);
  });

  it('empty batches and channels', () => {
    expect(unfold(tg.zeros([0, 2, 3, 3]), 2).shape).toEqual([0, 8, 4]);
    expect(unfold(tg.zeros([1, 0, 3, 3]), 2).shape).toEqual([1, 0, 4]);
    expect(fold(tg.zeros([0, 8, 4]), 3, 2).shape).toEqual([0, 2, 3, 3]);
  });
});

describe('errors', () => {
  it('name the op, the shapes and what is valid', () => {
    expect(() => unfold(tg.zeros([2, 3, 4]), 2)).toThrow(/unfold: expected a 4-d input \[N, C, H, W\], got \[2,3,4\]/);
    expect(() => unfold(tg.zeros([1, 1, 3, 3]), 4)).toThrow(/unfold: kernel size 4 is larger than the padded input size 3 \(3 \+ padding 0\+0\)/);
    expect(() => unfold(tg.zeros([1, 1, 3, 3]), 2, { dilation: 3 })).toThrow(/unfold: kernel size 2 \(dilated to 4\) is larger than the padded input size 3/);
    expect(() => unfold(tg.zeros([1, 1, 3, 3]), 2, { stride: 0 })).toThrow(/unfold: stride must be an integer >= 1 or a pair of them, got 0/);
    expect(() => unfold(tg.zeros([1, 1, 3, 3]), [2, 2], { padding: -1 })).toThrow(/unfold: padding must be an integer >= 0/);
    expect(() => fold(tg.zeros([1, 5, 4]), 3, 2)).toThrow(/fold: expected columns \[N, C·2·2, 4\] \(2x2 blocks of kernel \[2,2\]\), got \[1,5,4\]/);
    expect(() => fold(tg.zeros([1, 4, 5]), 3, 2)).toThrow(/fold: expected columns/);
  });
});
