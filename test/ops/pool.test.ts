/**
 * @file Max pooling primitive (src/ops/pool.ts, kernels in src/backend/cpu/pool.ts): values,
 * indices and input gradients against PyTorch's `max_pool2d(return_indices=True)` on inputs with
 * ties, NaN, ±Infinity and signed zeros (test/fixtures/pool.json, from
 * test/fixtures/make_pool_fixtures.py), exactly; forward values bitwise equal to the im2col +
 * `max(2)` composition it replaced, over drawn geometries, dtypes, memory layouts and special
 * values; gradcheck + gradgradcheck over drawn geometries; `returnIndices` in `F.maxPool2d` and
 * `nn.MaxPool2d`; errors. The op is reached through `F.maxPool2d` (not a `tg.` function), so it is
 * checked with `gradcheck` directly rather than by `checkOp` (see also test/functional/pooling.test.ts).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { maxPool2d, type MaxPool2dOptions } from '../../src/functional/pooling.js';
import { MaxPool2d } from '../../src/nn/pooling.js';
import { maxPool2dBackward, maxPool2dWithIndices } from '../../src/ops/pool.js';
import { unfoldWith, type Im2colGeometry } from '../../src/ops/unfold.js';

type Num = number | string;
interface Encoded { shape: number[]; data: Num[] }
interface FixtureCase {
  label: string;
  kernelSize: [number, number];
  options: MaxPool2dOptions;
  input: Encoded;
  values: Encoded;
  indices: Encoded;
  gradOutput: Encoded;
  grad: Encoded;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/pool.json', import.meta.url), 'utf8')) as { cases: FixtureCase[] };
const num = (v: Num): number => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === '-0' ? -0 : (v as number));
const decode = (e: Encoded, dtype: 'float64' | 'float32' = 'float64'): Tensor => tg.tensor(Float64Array.from(e.data, num), { dtype }).reshape(e.shape);
const flat = (t: Tensor): number[] => Array.from(t.dataSync(), Number);

/** Throws unless `got` and `want` are equal element by element as `Object.is` sees them (NaN = NaN, 0 ≠ -0). */
function expectSame(what: string, got: readonly number[], want: readonly number[]): void {
  expect(got.length, `${what}: size`).toBe(want.length);
  want.forEach((w, k) => {
    if (!Object.is(got[k], w)) throw new Error(`${what}: element ${k} is ${Object.is(got[k], -0) ? '-0' : got[k]}, expected ${Object.is(w, -0) ? '-0' : w}`);
  });
}

/** `x` with the same values and shape but a transposed memory layout (H and W swapped in memory). */
const transposedCopy = (x: Tensor): Tensor => x.transpose(-2, -1).contiguous().transpose(-2, -1);

describe.each(['wasm', 'js'] as const)('maxPool2d against PyTorch return_indices=True (values and indices exact, %s kernels)', (kind) => {
  beforeAll(() => tg.setKernels(kind));
  afterAll(() => tg.setKernels('wasm'));
  it.each(fixture.cases.map((c) => [c.label, c] as const))('%s', (_, c) => {
    for (const dtype of ['float64', 'float32'] as const) {
      for (const layout of [(t: Tensor): Tensor => t, transposedCopy]) {
        const x = layout(decode(c.input, dtype)).requiresGrad_();
        const { values, indices } = maxPool2d(x, c.kernelSize, { ...c.options, returnIndices: true });
        expect(values.dtype).toBe(dtype);
        expect(indices.dtype).toBe('int32');
        expect(values.shape).toEqual(c.values.shape);
        expectSame(`${dtype} values`, flat(values), c.values.data.map((v) => (dtype === 'float32' ? Math.fround(num(v)) : num(v))));
        expectSame(`${dtype} indices`, flat(indices), c.indices.data.map(num));
        const [g] = tg.autograd.grad([values], [x], { gradOutputs: [decode(c.gradOutput, dtype)] });
        const want = c.grad.data.map(num);
        flat(g!).forEach((v, k) => {
          if (!(Math.abs(v - want[k]!) <= (dtype === 'float64' ? 1e-12 : 1e-6))) throw new Error(`${dtype} gradient: element ${k} is ${v}, PyTorch gives ${want[k]}`);
        });
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Drawn geometries.

interface Drawn {
  shape: [number, number, number, number];
  kernel: [number, number];
  options: { stride: [number, number]; padding: [number, number]; dilation: [number, number]; ceilMode: boolean };
}

const dimArb = fc.record({
  k: fc.integer({ min: 1, max: 3 }), s: fc.integer({ min: 1, max: 3 }), d: fc.integer({ min: 1, max: 2 }),
  pad: fc.integer({ min: 0, max: 1 }), extra: fc.integer({ min: 0, max: 4 }),
});

/** A geometry the output-size rules accept: padding at most half the kernel, the dilated kernel within the padded input. */
const geometryArb: fc.Arbitrary<Drawn> = fc.oneof(
  fc.record({ n: fc.integer({ min: 1, max: 2 }), c: fc.integer({ min: 1, max: 3 }), h: dimArb, w: dimArb, ceilMode: fc.boolean() }).map((r) => {
    const dims = [r.h, r.w].map(({ k, s, d, pad, extra }) => {
      const p = Math.min(pad, Math.floor(k / 2));
      return { k, s, d, p, size: Math.max(1, d * (k - 1) + 1 - 2 * p) + extra };
    });
    const [h, w] = dims as [typeof dims[0], typeof dims[0]];
    return {
      shape: [r.n, r.c, h.size, w.size],
      kernel: [h.k, w.k],
      options: { stride: [h.s, w.s], padding: [h.p, w.p], dilation: [h.d, w.d], ceilMode: r.ceilMode },
    } as Drawn;
  }),
  // The 2×2 stride-2 fast path, with odd sizes (and ceilMode: overhanging windows leave it).
  fc.record({ n: fc.integer({ min: 1, max: 2 }), c: fc.integer({ min: 1, max: 3 }), h: fc.integer({ min: 2, max: 7 }), w: fc.integer({ min: 2, max: 7 }), ceilMode: fc.boolean() }).map(
    (r): Drawn => ({ shape: [r.n, r.c, r.h, r.w], kernel: [2, 2], options: { stride: [2, 2], padding: [0, 0], dilation: [1, 1], ceilMode: r.ceilMode } }),
  ),
);

/** Values for the bitwise comparison: ties (small integers), signed zeros, ±Infinity and NaN. */
const specialArb = fc.constantFrom(-2, -1, 0, -0, 1, 2, 0.5, -0.25, NaN, Infinity, -Infinity);

/** How the input is laid out: contiguous, H/W transposed in memory, a stepped slice along W, or N expanded (stride 0). */
type Layout = 'contiguous' | 'transposed' | 'stepped' | 'expanded';

function build(values: number[], shape: Drawn['shape'], dtype: 'float32' | 'float64', layout: Layout): Tensor {
  const x = tg.tensor(Float64Array.from(values), { dtype }).reshape(shape);
  switch (layout) {
    case 'contiguous': return x;
    case 'transposed': return transposedCopy(x);
    case 'stepped': return tg.stack([x, tg.fullLike(x, NaN)], 4).reshape([...shape.slice(0, 3), 2 * shape[3]]).slice(3, 0, undefined, 2);
    case 'expanded': return x.narrow(0, 0, 1).expand(shape);
  }
}

/** The composition `F.maxPool2d` used before the primitive: −Infinity-padded im2col, `max(2)`, reshape. */
function composed(x: Tensor, kernel: [number, number], o: Drawn['options'], blocks: [number, number]): Tensor {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const g: Im2colGeometry = { size: [H, W], kernel, stride: o.stride, padding: o.padding, dilation: o.dilation, blocks, padValue: -Infinity };
  const cols = unfoldWith(x, g).reshape([N, C, kernel[0] * kernel[1], blocks[0] * blocks[1]]);
  return cols.max(2).values.reshape([N, C, blocks[0], blocks[1]]);
}

describe('maxPool2d properties', () => {
  it('forward values are bitwise those of the im2col + max composition (NaN, ±Infinity, ±0, ties, all layouts, both dtypes)', () => {
    const arb = geometryArb.chain((g) => fc.record({
      g: fc.constant(g),
      values: fc.array(specialArb, { minLength: g.shape.reduce((a, b) => a * b, 1), maxLength: g.shape.reduce((a, b) => a * b, 1) }),
      dtype: fc.constantFrom<'float32' | 'float64'>('float32', 'float64'),
      layout: fc.constantFrom<Layout>('contiguous', 'transposed', 'stepped', 'expanded'),
    }));
    fc.assert(fc.property(arb, ({ g, values, dtype, layout }) => {
      const x = build(values, g.shape, dtype, layout).requiresGrad_(layout !== 'expanded');
      const { values: y, indices } = maxPool2d(x, g.kernel, { ...g.options, returnIndices: true });
      const blocks = [y.shape[2]!, y.shape[3]!] as [number, number];
      const want = composed(x, g.kernel, g.options, blocks);
      expectSame('values', flat(y), flat(want));
      // Each index points at its value (or is -1 for a window with no in-image position, value -Infinity).
      const xs = flat(x.contiguous()), H = g.shape[2], W = g.shape[3], plane = flat(indices), vs = flat(y);
      const ow = blocks[1], oh = blocks[0];
      plane.forEach((k, o) => {
        const nc = Math.floor(o / (oh * ow));
        if (k === -1) expect(vs[o]).toBe(-Infinity);
        else expect(Object.is(xs[nc * H * W + k], vs[o]) || (Number.isNaN(xs[nc * H * W + k]!) && Number.isNaN(vs[o]!))).toBe(true);
      });
      // Without NaN and -Infinity both send the gradient to each window's first maximum.
      if (layout !== 'expanded' && values.every((v) => v > -Infinity)) {
        const seed = tg.tensor(Float64Array.from({ length: y.numel }, (_, k) => Math.cos(0.7 * k)), { dtype }).reshape(y.shape);
        const [a] = tg.autograd.grad([y], [x], { gradOutputs: [seed] });
        const [b] = tg.autograd.grad([want], [x], { gradOutputs: [seed] });
        expectSame('gradient', flat(a!), flat(b!));
      }
    }), { seed: 11, numRuns: 300 });
  });

  it('gradcheck and gradgradcheck pass (float64, distinct values)', () => {
    fc.assert(fc.property(geometryArb, fc.integer({ min: 0, max: 1000 }), (g, seed) => {
      const n = g.shape.reduce((a, b) => a * b, 1);
      // Distinct values 0.05 apart in a seeded order: no ties, so the maxima are stable under eps.
      const keys = flat(tg.rand([n], { dtype: 'float64', generator: new tg.Generator(seed) }));
      const ranks = keys.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
      const vals = new Float64Array(n);
      ranks.forEach((i, r) => { vals[i] = (r - n / 2) * 0.05; });
      const x = tg.tensor(vals, { dtype: 'float64' }).reshape(g.shape).requiresGrad_();
      tg.manualSeed(seed);
      const f = (t: Tensor): Tensor => maxPool2d(t, g.kernel, g.options);
      // A window with no in-image position is -Infinity, whose finite differences are NaN (tested below).
      if (!flat(f(x)).every(Number.isFinite)) return;
      expect(tg.autograd.gradcheck(f, [x])).toBe(true);
      expect(tg.autograd.gradgradcheck(f, [x])).toBe(true);
    }), { seed: 12, numRuns: 40 });
  });

  it('third order: the double backward (a gather at the indices) is itself differentiable', () => {
    const x = tg.tensor(Float64Array.from({ length: 2 * 25 }, (_, k) => Math.sin(3.1 * k)), { dtype: 'float64' }).reshape([1, 2, 5, 5]).requiresGrad_();
    const opts = { stride: 1, padding: 1 };
    const { values: y, indices } = maxPool2d(x, 3, { ...opts, returnIndices: true });
    const g = tg.randnLike(y, { requiresGrad: true });
    const [dx] = tg.autograd.grad([y], [x], { gradOutputs: [g], createGraph: true });
    const gg = tg.randnLike(dx!, { requiresGrad: true });
    const [dg] = tg.autograd.grad([dx!], [g], { gradOutputs: [gg], createGraph: true });
    expect(dg!.gradFn).not.toBeNull();
    expectSame('dg: gg at the indices', flat(dg!), flat(gg.detach().flatten(2).gather(2, indices.flatten(2)).reshape(y.shape)));
    const h = tg.randnLike(dg!);
    const [dgg] = tg.autograd.grad([dg!], [gg], { gradOutputs: [h] });
    expectSame('d(dg)/d(gg): h scattered back', flat(dgg!), flat(maxPool2dBackward(h, indices, [1, 2, 5, 5])));
  });
});

// ---------------------------------------------------------------------------------------------
// Edge cases and the API.

describe('maxPool2d edge cases', () => {
  it('a window with no in-image position gives -Infinity and index -1, and no gradient', () => {
    // Rows -1 and 3 of a 3-row image: kernel 2 dilated by 4 with padding 1.
    const x = tg.arange(24).double().reshape([1, 2, 3, 4]).requiresGrad_();
    const opts = { padding: 1, dilation: [4, 1] as [number, number] };
    const { values, indices } = maxPool2d(x, 2, { ...opts, returnIndices: true });
    expect(values.shape).toEqual([1, 2, 1, 3]);
    expect(flat(values).every((v) => v === -Infinity)).toBe(true);
    expect(flat(indices).every((v) => v === -1)).toBe(true);
    expectSame('composition', flat(values), flat(composed(x, [2, 2], { stride: [2, 2], padding: [1, 1], dilation: [4, 1], ceilMode: false }, [1, 3])));
    // (gradcheck's finite differences of -Infinity are NaN; the gradient is zero and so is its derivative.)
    expect(tg.autograd.gradgradcheck((t: Tensor): Tensor => maxPool2d(t, 2, opts), [x])).toBe(true);
    const [g] = tg.autograd.grad([values], [x], { gradOutputs: [tg.onesLike(values)] });
    expect(flat(g!).every((v) => v === 0)).toBe(true);
  });

  it('all -Infinity windows point at their first in-image position, as in PyTorch', () => {
    const x = tg.full([1, 1, 3, 3], -Infinity, { dtype: 'float64' });
    const { indices } = maxPool2d(x, 3, { stride: 2, padding: 1, returnIndices: true });
    expect(indices.toArray()).toEqual([[[[0, 1], [3, 4]]]]);
  });

  it('empty batches and channels', () => {
    expect(maxPool2d(tg.zeros([0, 2, 4, 4]), 2).shape).toEqual([0, 2, 2, 2]);
    const r = maxPool2d(tg.zeros([1, 0, 4, 4]), 2, { returnIndices: true });
    expect(r.values.shape).toEqual([1, 0, 2, 2]);
    expect(r.indices.shape).toEqual([1, 0, 2, 2]);
  });

  it('a NaN wins its window; its index is the last NaN (PyTorch CPU)', () => {
    const x = tg.tensor([[[[NaN, 5, NaN], [7, 1, 2], [0, 0, 0]]]]);
    const { values, indices } = maxPool2d(x, [2, 3], { stride: 1, returnIndices: true });
    expect(flat(values).map(Number.isNaN)).toEqual([true, false]);
    expect(flat(values)[1]).toBe(7);
    expect(flat(indices)).toEqual([2, 3]);
  });
});

describe('returnIndices', () => {
  it('F.maxPool2d gives { values, indices }; values match the plain call and carry the gradient', () => {
    const x = tg.randn([2, 3, 6, 5], { requiresGrad: true });
    const r = maxPool2d(x, 2, { returnIndices: true });
    expectSame('values', flat(r.values), flat(maxPool2d(x, 2)));
    expect(r.indices.dtype).toBe('int32');
    expect(r.indices.requiresGrad).toBe(false);
    expect(r.values.gradFn?.name).toBe('MaxPool2DWithIndicesBackward');
    r.values.sum().backward();
    expect(flat(x.grad!).reduce((a, b) => a + b, 0)).toBe(2 * 3 * 3 * 2);
    expect(maxPool2d(x, 2, { returnIndices: false }).shape).toEqual([2, 3, 3, 2]);
  });

  it('unbatched [C, H, W] input gives [C, oh, ow] values and indices', () => {
    const x = tg.arange(32).float().reshape([2, 4, 4]);
    const { values, indices } = maxPool2d(x, 2, { returnIndices: true });
    expect(values.toArray()).toEqual([[[5, 7], [13, 15]], [[21, 23], [29, 31]]]);
    expect(indices.toArray()).toEqual([[[5, 7], [13, 15]], [[5, 7], [13, 15]]]);
  });

  it('nn.MaxPool2d({ returnIndices: true }) returns { values, indices }; its repr is unchanged', () => {
    const x = tg.randn([1, 2, 4, 4]);
    const pool = new MaxPool2d(2, { returnIndices: true });
    const { values, indices } = pool.forward(x);
    expectSame('values', flat(values), flat(new MaxPool2d(2).forward(x)));
    expectSame('indices', flat(indices), flat(maxPool2d(x, 2, { returnIndices: true }).indices));
    expect(String(pool)).toBe('MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)');
    expect(new tg.nn.MaxPool2d(2).returnIndices).toBe(false);
  });

  it('modifying the returned indices in place before backward throws', () => {
    const x = tg.randn([1, 1, 4, 4], { requiresGrad: true });
    const { values, indices } = maxPool2d(x, 2, { returnIndices: true });
    indices.fill_(0);
    expect(() => values.sum().backward()).toThrow(/modified by an in-place operation/);
  });
});

describe('errors', () => {
  it('the primitive checks its input against the geometry', () => {
    const g: Im2colGeometry = { size: [4, 4], kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], blocks: [2, 2], padValue: -Infinity };
    expect(() => maxPool2dWithIndices(tg.zeros([1, 1, 5, 4]), g)).toThrow(/maxPool2d: expected an input \[N, C, 4, 4\], got \[1,1,5,4\]/);
    expect(() => maxPool2dWithIndices(tg.zeros([4, 4]), g)).toThrow(/maxPool2d: expected an input/);
  });

  it('maxPool2dBackward checks dtypes, shapes and index range', () => {
    const g = tg.ones([1, 1, 2, 2]);
    expect(() => maxPool2dBackward(g, tg.zeros([1, 1, 2, 2]), [1, 1, 4, 4])).toThrow(/maxPool2dBackward: indices must be an int32 tensor, got dtype float32/);
    expect(() => maxPool2dBackward(g, tg.zeros([1, 1, 2, 3], { dtype: 'int32' }), [1, 1, 4, 4])).toThrow(/maxPool2dBackward: expected a gradient and indices \[N, C, oh, ow\] for an input \[1,1,4,4\], got \[1,1,2,2\] and \[1,1,2,3\]/);
    expect(() => maxPool2dBackward(g, tg.full([1, 1, 2, 2], 16, { dtype: 'int32' }), [1, 1, 4, 4])).toThrow(tg.IndexError);
    expect(maxPool2dBackward(g, tg.tensor([[[[0, 0], [15, -1]]]], { dtype: 'int32' }), [1, 1, 4, 4]).reshape([-1]).toArray())
      .toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});
