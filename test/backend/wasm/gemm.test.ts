/**
 * @file The WebAssembly float32 matrix product: the raw `sgemm` kernel (all four transpose
 * layouts, beta 0 and 1, odd edges, padded leading dimensions, unaligned pointers, K = 0) and
 * the CPU backend's staging of strided views for it (`wasmBatchedMatmul`) with contiguous,
 * transposed, padded, broadcast, negative-stride and scattered operands, against a float64
 * reference. Slots outside the operands hold NaN (inputs) or a
 * sentinel (C's row padding) so a stray read or write shows up.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mark, release, scratch, wasm, type WasmRuntime } from '../../../src/backend/wasm/runtime.js';
import type { View } from '../../../src/backend/backend.js';
import { cpuBackend } from '../../../src/backend/cpu/cpu-backend.js';
import { wasmBatchedMatmul } from '../../../src/backend/wasm/batched-matmul.js';
import { setWasmEnabled } from '../../../src/backend/wasm/runtime.js';

// These tests exercise the WebAssembly kernels themselves, whatever TENSORGRAD_KERNELS says.
setWasmEnabled(true);

const SIZES = [0, 1, 2, 3, 5, 7, 8, 9, 17, 33, 64, 100];

/** Deterministic values in [-1, 1) from a seed (mulberry32). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

function runtime(): WasmRuntime {
  const rt = wasm();
  if (rt === null) throw new Error('WebAssembly kernels unavailable');
  return rt;
}

/** Largest |got − want| relative to the tolerance `1e-5·sqrt(K)·(Σ|terms| scale)`; ≤ 1 passes. */
function relErr(got: ArrayLike<number>, want: ArrayLike<number>, scale: ArrayLike<number>, K: number): number {
  let worst = 0;
  const tol = 1e-5 * Math.sqrt(Math.max(K, 1));
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i]! - want[i]!) / (tol * Math.max(scale[i]!, 1e-30));
    if (!(e <= worst)) worst = Number.isNaN(e) ? Infinity : e;
  }
  return worst;
}

interface RawCase {
  transA: number;
  transB: number;
  M: number;
  N: number;
  K: number;
  beta: number;
  /** Extra elements per leading dimension. */
  pad: number;
  /** Element offset of each operand from a 64-byte boundary (alignment). */
  shift: number;
  seed: number;
}

/** Runs `sgemm` directly on operands laid out in scratch and checks C (and its padding). */
function checkRaw(rt: WasmRuntime, t: RawCase): void {
  const { transA, transB, M, N, K, beta, pad, shift, seed } = t;
  const rand = rng(seed);
  const lda = (transA ? M : K) + pad, ldb = (transB ? K : N) + pad, ldc = N + pad;
  const aLen = lda * (transA ? K : M), bLen = ldb * (transB ? N : K), cLen = ldc * M;
  const m = mark(rt);
  try {
    const pa = scratch(rt, (aLen + shift + 16) * 4) + shift * 4;
    const pb = scratch(rt, (bLen + shift + 16) * 4) + shift * 4;
    const pc = scratch(rt, (cLen + shift + 16) * 4) + shift * 4;
    const work = scratch(rt, rt.exports.sgemm_work_bytes(M, N, K));
    const f = rt.f32;
    f.fill(NaN, pa >> 2, (pa >> 2) + aLen + 16);
    f.fill(NaN, pb >> 2, (pb >> 2) + bLen + 16);
    const A = (i: number, k: number): number => (transA ? k * lda + i : i * lda + k);
    const B = (k: number, j: number): number => (transB ? j * ldb + k : k * ldb + j);
    for (let i = 0; i < M; i++) for (let k = 0; k < K; k++) f[(pa >> 2) + A(i, k)] = rand();
    for (let k = 0; k < K; k++) for (let j = 0; j < N; j++) f[(pb >> 2) + B(k, j)] = rand();
    const SENTINEL = 12345.5;
    const c0 = new Float32Array(cLen + 16).fill(SENTINEL);
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) c0[i * ldc + j] = beta ? rand() : NaN;
    f.set(c0, pc >> 2);
    rt.exports.sgemm(transA, transB, M, N, K, pa, lda, pb, ldb, pc, ldc, beta, work);
    const got = rt.f32.subarray(pc >> 2, (pc >> 2) + cLen + 16);
    const want = new Float64Array(M * N), scale = new Float64Array(M * N), out = new Float64Array(M * N);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = beta ? c0[i * ldc + j]! : 0, sa = Math.abs(s);
        for (let k = 0; k < K; k++) {
          const p = f[(pa >> 2) + A(i, k)]! * f[(pb >> 2) + B(k, j)]!;
          s += p;
          sa += Math.abs(p);
        }
        want[i * N + j] = s;
        scale[i * N + j] = sa;
        out[i * N + j] = got[i * ldc + j]!;
      }
    }
    expect(relErr(out, want, scale, K), JSON.stringify(t)).toBeLessThanOrEqual(1);
    for (let i = 0; i < cLen + 16; i++) {
      const inside = i < M * ldc && i % ldc < N;
      if (!inside && !Object.is(got[i], c0[i])) throw new Error(`C slot ${i} outside the product changed (${JSON.stringify(t)})`);
    }
  } finally {
    release(rt, m);
  }
}

describe('sgemm kernel', () => {
  it('matches float64 on random sizes, layouts, beta, padding and alignment', () => {
    const rt = runtime();
    const size = fc.constantFrom(...SIZES);
    fc.assert(
      fc.property(fc.record({
        transA: fc.integer({ min: 0, max: 1 }), transB: fc.integer({ min: 0, max: 1 }),
        M: size, N: size, K: size, beta: fc.integer({ min: 0, max: 1 }),
        pad: fc.constantFrom(0, 1, 3), shift: fc.integer({ min: 0, max: 3 }), seed: fc.integer(),
      }), (t) => checkRaw(rt, t)),
      { numRuns: 400, seed: 20240611 },
    );
  });

  it('covers every transpose layout on sizes across the kernel’s blocks and tiles', () => {
    const rt = runtime();
    // K above the largest K slice (several, balanced slices, C accumulated across them), M
    // above the largest row block (the packed-B-panel path), N across tile and panel edges.
    const shapes: [number, number, number][] = [
      [1, 1, 1], [4, 8, 1], [5, 9, 3], [8, 8, 9], [260, 37, 401], [33, 257, 800], [513, 19, 67],
      // Thin products (M or N ≤ 7, unpacked), with K past a slice (rows gathered per slice).
      [2, 37, 801], [7, 21, 390], [513, 3, 900], [40, 7, 385],
    ];
    let seed = 1;
    for (const [M, N, K] of shapes) {
      for (let layout = 0; layout < 8; layout++) {
        checkRaw(rt, { transA: layout & 1, transB: (layout >> 1) & 1, M, N, K, beta: layout >> 2, pad: layout & 1 ? 2 : 0, shift: layout & 3, seed: seed++ });
      }
    }
  });

  it('writes zeros for K = 0 with beta 0 and leaves C alone with beta 1', () => {
    const rt = runtime();
    const m = mark(rt);
    try {
      const pc = scratch(rt, 3 * 6 * 4);
      const work = scratch(rt, rt.exports.sgemm_work_bytes(3, 5, 0));
      rt.f32.fill(7, pc >> 2, (pc >> 2) + 18);
      rt.exports.sgemm(0, 0, 3, 5, 0, 0, 0, 0, 0, pc, 6, 1, work);
      expect([...rt.f32.subarray(pc >> 2, (pc >> 2) + 18)]).toEqual(new Array(18).fill(7));
      rt.exports.sgemm(1, 1, 3, 5, 0, 0, 0, 0, 0, pc, 6, 0, work);
      const c = [...rt.f32.subarray(pc >> 2, (pc >> 2) + 18)];
      expect(c).toEqual([0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 7]);
    } finally {
      release(rt, m);
    }
  });

  it('asks for a work size that never shrinks as M, N or K grow', () => {
    const rt = runtime();
    const w = (M: number, N: number, K: number): number => rt.exports.sgemm_work_bytes(M, N, K);
    for (const M of [1, 4, 100, 255, 256, 257, 300, 1000]) {
      for (const N of [1, 8, 100, 2047, 2048, 2100, 5000]) {
        for (const K of [1, 100, 383, 384, 385, 1000]) {
          expect(w(M + 1, N, K)).toBeGreaterThanOrEqual(w(M, N, K));
          expect(w(M, N + 1, K)).toBeGreaterThanOrEqual(w(M, N, K));
          expect(w(M, N, K + 1)).toBeGreaterThanOrEqual(w(M, N, K));
        }
      }
    }
  });
});

/** A strided operand holding a logical `rows × cols` matrix in a NaN-filled storage. */
interface Operand {
  data: Float32Array;
  off: number;
  rs: number;
  cs: number;
}

type Layout = 'contiguous' | 'transposed' | 'padded' | 'broadcast' | 'flipped' | 'scattered' | 'sparse-rows';
const LAYOUTS: Layout[] = ['contiguous', 'transposed', 'padded', 'broadcast', 'flipped', 'scattered', 'sparse-rows'];

function operand(layout: Layout, rows: number, cols: number, rand: () => number): Operand {
  let op: Operand;
  switch (layout) {
    case 'contiguous': op = { data: new Float32Array(rows * cols + 3), off: 3, rs: cols, cs: 1 }; break;
    case 'transposed': op = { data: new Float32Array(rows * cols + 1), off: 1, rs: 1, cs: rows }; break;
    case 'padded': op = { data: new Float32Array(rows * (cols + 5) + 2), off: 2, rs: cols + 5, cs: 1 }; break;
    // Every row the same (a stride-0 expand of one row).
    case 'broadcast': op = { data: new Float32Array(cols + 1), off: 1, rs: 0, cs: 1 }; break;
    // Columns reversed (negative column stride).
    case 'flipped': op = { data: new Float32Array(rows * cols + 2), off: 2 + cols - 1, rs: cols, cs: -1 }; break;
    // Neither stride 1 (every other element of every third row).
    case 'scattered': op = { data: new Float32Array(rows * cols * 6 + 4), off: 4, rs: cols * 6, cs: 2 }; break;
    // A few rows of a very wide buffer: the span is far larger than the matrix.
    case 'sparse-rows': op = { data: new Float32Array(rows * (cols + 400) + 1), off: 1, rs: cols + 400, cs: 1 }; break;
  }
  op.data.fill(NaN);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) op.data[op.off + i * op.rs + j * op.cs] = rand();
  return op;
}

function reference(a: Operand, b: Operand, M: number, N: number, K: number): { want: Float64Array; scale: Float64Array } {
  const want = new Float64Array(M * N), scale = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0, sa = 0;
      for (let k = 0; k < K; k++) {
        const p = a.data[a.off + i * a.rs + k * a.cs]! * b.data[b.off + k * b.rs + j * b.cs]!;
        s += p;
        sa += Math.abs(p);
      }
      want[i * N + j] = s;
      scale[i * N + j] = sa;
    }
  }
  return { want, scale };
}

/** A 2-d float32 view over `op` (rows × cols). */
function view(op: Operand, rows: number, cols: number): View {
  return { storage: cpuBackend.fromArray(op.data), shape: [rows, cols], strides: [op.rs, op.cs], offset: op.off };
}

/** `a @ b` through the backend's staging (as `CpuBackend.matmul` runs it), written to `out` at `outOff`. */
function viaStaging(rt: WasmRuntime, a: View, b: View, out: Float32Array, outOff: number): void {
  out.set(wasmBatchedMatmul(rt, a, b), outOff);
}

describe('wasmBatchedMatmul', () => {
  it('matches float64 for strided operands of every layout', () => {
    const rt = runtime();
    const size = fc.constantFrom(...SIZES);
    fc.assert(
      fc.property(size, size, size, fc.constantFrom(...LAYOUTS), fc.constantFrom(...LAYOUTS), fc.integer(), (M, N, K, la, lb, seed) => {
        const rand = rng(seed);
        const a = operand(la, M, K, rand), b = operand(lb, K, N, rand);
        const out = new Float32Array(M * N + 4).fill(-7);
        viaStaging(rt, view(a, M, K), view(b, K, N), out, 2);
        const { want, scale } = reference(a, b, M, N, K);
        expect(relErr(out.subarray(2, 2 + M * N), want, scale, K), JSON.stringify({ M, N, K, la, lb })).toBeLessThanOrEqual(1);
        expect([out[0], out[1], out[M * N + 2], out[M * N + 3]]).toEqual([-7, -7, -7, -7]);
      }),
      { numRuns: 250, seed: 7 },
    );
  });

  it('gives the same result when C’s rows are split into ranges (as threads do)', () => {
    const rt = runtime();
    const rand = rng(99);
    const M = 301, N = 45, K = 430;
    for (const [la, lb] of [['contiguous', 'transposed'], ['transposed', 'contiguous'], ['scattered', 'padded']] as const) {
      const a = operand(la, M, K, rand), b = operand(lb, K, N, rand);
      const whole = new Float32Array(M * N);
      viaStaging(rt, view(a, M, K), view(b, K, N), whole, 0);
      const { want, scale } = reference(a, b, M, N, K);
      expect(relErr(whole, want, scale, K)).toBeLessThanOrEqual(1);
      // Ranges of more than 7 rows run the packed path, whose sums do not depend on the range:
      // bitwise equal. Thinner ranges run the unpacked path (another summation order).
      for (const bounds of [[0, 100, 152, 160, M], [0, 1, 3, 150, 157, M]]) {
        const split = new Float32Array(M * N);
        for (let t = 0; t + 1 < bounds.length; t++) {
          const r0 = bounds[t]!, r1 = bounds[t + 1]!;
          const rows: View = { ...view(a, r1 - r0, K), offset: a.off + r0 * a.rs };
          viaStaging(rt, rows, view(b, K, N), split, r0 * N);
        }
        if (bounds.length === 5) expect(split).toEqual(whole);
        else expect(relErr(split, want, scale, K)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('releases its scratch', () => {
    const rt = runtime();
    const before = mark(rt);
    const a = new Float32Array(64 * 64).fill(1);
    const out = wasmBatchedMatmul(rt, view({ data: a, off: 0, rs: 64, cs: 1 }, 64, 64), view({ data: a, off: 0, rs: 1, cs: 64 }, 64, 64));
    expect(mark(rt)).toBe(before);
    expect(out[0]).toBe(64);
  });
});
