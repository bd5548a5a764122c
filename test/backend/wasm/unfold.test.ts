/**
 * @file The WebAssembly im2col / col2im (float32) give bitwise the TypeScript loops' results,
 * over random geometries (stride, padding, dilation), layouts, batch sizes that split across
 * threads, through unfold and fold.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as tg from '../../../src/index.js';
import type { Tensor } from '../../../src/index.js';
import { setWasmEnabled } from '../../../src/backend/wasm/runtime.js';

// These tests exercise the WebAssembly kernels themselves, whatever TENSORGRAD_KERNELS says.
setWasmEnabled(true);

function both(f: () => Tensor): [Float32Array, Float32Array] {
  tg.setKernels('wasm');
  const w = f().dataSync() as Float32Array;
  tg.setKernels('js');
  const j = f().dataSync() as Float32Array;
  tg.setKernels('wasm');
  return [w, j];
}

function expectBitwise(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  expect(Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))).toBe(true);
}

const small = fc.integer({ min: 1, max: 3 });

describe('wasm unfold kernels', () => {
  afterAll(() => tg.setKernels('wasm'));

  it('unfold and fold match the TypeScript loops bitwise', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 5 }), small, fc.integer({ min: 3, max: 12 }), fc.integer({ min: 3, max: 12 }),
      fc.record({ k: small, s: small, p: fc.integer({ min: 0, max: 1 }), d: fc.integer({ min: 1, max: 2 }) }),
      fc.boolean(), fc.integer(),
      (N, C, H, W, o, transposed, seed) => {
        fc.pre((H + 2 * o.p - o.d * (o.k - 1) - 1) >= 0 && (W + 2 * o.p - o.d * (o.k - 1) - 1) >= 0);
        const g = new tg.Generator(seed);
        const base = tg.randn(transposed ? [N, C, W, H] : [N, C, H, W], { generator: g });
        const x = transposed ? base.transpose(2, 3) : base;
        const opts = { stride: o.s, padding: o.p, dilation: o.d };
        const [u1, u2] = both(() => tg.F.unfold(x, o.k, opts));
        expectBitwise(u1, u2);
        const cols = tg.F.unfold(x, o.k, opts);
        const [f1, f2] = both(() => tg.F.fold(cols, [H, W], o.k, opts));
        expectBitwise(f1, f2);
      }), { numRuns: 60 });
  });

  it('a batch large enough to split across threads', () => {
    const x = tg.randn([64, 32, 13, 13]);
    const [u1, u2] = both(() => tg.F.unfold(x, 3));
    expectBitwise(u1, u2);
    const cols = tg.F.unfold(x, 3);
    const [f1, f2] = both(() => tg.F.fold(cols, [13, 13], 3));
    expectBitwise(f1, f2);
  });
});
