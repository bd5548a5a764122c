/**
 * @file `matmulKernel` (src/backend/cpu/matmul.ts) against a naive triple loop: random sizes
 * (both the unpacked small path and the packed, cache-blocked path, across block edges), strided
 * operands (contiguous, transposed, padded rows with an offset, stride-0 broadcast), float64,
 * float32 and int32 storages. Unused storage slots hold NaN so a wrong read shows up.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matmulKernel } from '../../../src/backend/cpu/matmul.js';

type Float = Float32Array | Float64Array | Int32Array;
type Ctor = Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor;
type Layout = 'contiguous' | 'transposed' | 'padded' | 'broadcast';
const layouts: Layout[] = ['contiguous', 'transposed', 'padded', 'broadcast'];

/** A strided operand holding a logical `rows × cols` matrix. */
interface Operand {
  data: Float;
  off: number;
  rs: number;
  cs: number;
}

/** Deterministic values from a seed (mulberry32), as multiples of 1/64 in [-4, 4) or integers. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lays a random `rows × cols` matrix out in a fresh storage of `ctor` with the given layout. */
function operand(ctor: Ctor, layout: Layout, rows: number, cols: number, rand: () => number, ints: boolean): Operand {
  const value = (): number => (ints ? Math.floor(rand() * 21) - 10 : Math.round((rand() * 8 - 4) * 64) / 64 + rand() * 1e-3);
  const fillNaN = (d: Float): Float => (d instanceof Int32Array ? d.fill(-999999) : d.fill(NaN));
  let op: Operand;
  switch (layout) {
    case 'contiguous':
      op = { data: new ctor(rows * cols), off: 0, rs: cols, cs: 1 };
      break;
    case 'transposed':
      op = { data: new ctor(rows * cols), off: 0, rs: 1, cs: rows };
      break;
    case 'padded': {
      const off = 3, rs = cols + 2;
      op = { data: fillNaN(new ctor(off + rows * rs + 1)), off, rs, cs: 1 };
      break;
    }
    case 'broadcast':
      // Every row is the same stored row (row stride 0), as an expanded view.
      op = { data: fillNaN(new ctor(cols + 2)), off: 1, rs: 0, cs: 1 };
      break;
  }
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) op.data[op.off + i * op.rs + j * op.cs] = value();
  return op;
}

/** Naive reference in double precision, plus `Σ|a·b|` per element for error bounds. */
function naive(A: Operand, B: Operand, M: number, N: number, K: number): { ref: Float64Array; mag: Float64Array } {
  const ref = new Float64Array(M * N), mag = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0, m = 0;
      for (let k = 0; k < K; k++) {
        const p = A.data[A.off + i * A.rs + k * A.cs]! * B.data[B.off + k * B.rs + j * B.cs]!;
        s += p;
        m += Math.abs(p);
      }
      ref[i * N + j] = s;
      mag[i * N + j] = m;
    }
  }
  return { ref, mag };
}

const dtypes = {
  float64: { ctor: Float64Array, sentinel: NaN },
  float32: { ctor: Float32Array, sentinel: NaN },
  int32: { ctor: Int32Array, sentinel: -777 },
} as const;
type DT = keyof typeof dtypes;

/** Runs the kernel on one case and checks every output element and both sentinels. */
function check(dtype: DT, M: number, N: number, K: number, la: Layout, lb: Layout, seed: number): void {
  const { ctor, sentinel } = dtypes[dtype];
  const rand = rng(seed);
  const ints = dtype === 'int32';
  const A = operand(ctor, la, M, K, rand, ints);
  const B = operand(ctor, lb, K, N, rand, ints);
  const outOff = 2;
  const out = new ctor(outOff + M * N + 2).fill(sentinel);
  matmulKernel(A.data, A.off, A.rs, A.cs, B.data, B.off, B.rs, B.cs, out, outOff, M, N, K);
  const { ref, mag } = naive(A, B, M, N, K);
  const at = `${dtype} ${M}x${N}x${K} A ${la} B ${lb}`;
  expect(Object.is(out[0], sentinel) && Object.is(out[1], sentinel), `${at}: wrote before outOff`).toBe(true);
  expect(Object.is(out[outOff + M * N], sentinel) && Object.is(out[outOff + M * N + 1], sentinel), `${at}: wrote past the block`).toBe(true);
  for (let e = 0; e < M * N; e++) {
    const got = out[outOff + e]!, want = ref[e]!;
    // Double accumulation, one rounding on store: float32 results are within half an ulp of
    // the exact sum (plus the reference's own double rounding).
    const tol = dtype === 'float32' ? 6e-8 * Math.abs(want) + 1e-12 * mag[e]! : dtype === 'float64' ? 1e-12 * mag[e]! : 0;
    if (!(Math.abs(got - want) <= tol)) {
      expect.fail(`${at}: out[${Math.floor(e / N)}, ${e % N}] = ${got}, expected ${want} (tol ${tol})`);
    }
  }
}

const caseArb = (maxDim: number) =>
  fc.record({
    M: fc.integer({ min: 0, max: maxDim }),
    N: fc.integer({ min: 0, max: maxDim }),
    K: fc.integer({ min: 0, max: maxDim }),
    la: fc.constantFrom(...layouts),
    lb: fc.constantFrom(...layouts),
    seed: fc.integer(),
  });

describe('matmulKernel', () => {
  for (const dtype of ['float64', 'float32', 'int32'] as const) {
    it(`matches a naive triple loop for random ${dtype} sizes in 0..40 and layouts`, () => {
      fc.assert(
        fc.property(caseArb(40), ({ M, N, K, la, lb, seed }) => check(dtype, M, N, K, la, lb, seed)),
        { numRuns: 300 },
      );
    });
  }

  it('matches on larger random sizes (packed path, partial tiles)', () => {
    fc.assert(
      fc.property(caseArb(150), fc.constantFrom<DT>('float64', 'float32'), ({ M, N, K, la, lb, seed }, dtype) =>
        check(dtype, M, N, K, la, lb, seed),
      ),
      { numRuns: 40 },
    );
  }, 60_000);

  it('matches across every cache-block edge (M, N, K past their block sizes)', () => {
    // Odd M, N not a multiple of 4, K past the K block and odd; each layout pair once overall.
    const sizes: [number, number, number][] = [[131, 263, 517], [521, 7, 300], [3, 515, 1031], [66, 300, 1]];
    let seed = 1;
    sizes.forEach(([M, N, K], s) => {
      layouts.forEach((lb, q) => check(seed % 2 ? 'float64' : 'float32', M, N, K, layouts[(s + q) % 4]!, lb, seed++));
    });
  }, 60_000);

  it('handles degenerate shapes: K = 0 writes zeros, M = 0 or N = 0 writes nothing', () => {
    for (const [M, N] of [[3, 4], [40, 40]]) {
      const out = new Float64Array(M * N + 1).fill(NaN);
      matmulKernel(new Float64Array(0), 0, 0, 1, new Float64Array(0), 0, N, 1, out, 1, M, N, 0);
      expect(Number.isNaN(out[0])).toBe(true);
      expect(Array.from(out.subarray(1))).toEqual(new Array(M * N).fill(0));
    }
    for (const [M, N, K] of [[0, 5, 3], [5, 0, 3], [0, 0, 0]]) {
      const out = new Float32Array(4).fill(NaN);
      matmulKernel(new Float32Array(16), 0, K, 1, new Float32Array(16), 0, N, 1, out, 0, M, N, K);
      expect(Array.from(out).every(Number.isNaN)).toBe(true);
    }
  });

  it('handles tiny products exactly: 2x3 @ 3x2 and a 1x1', () => {
    const a = Float64Array.of(1, 2, 3, 4, 5, 6), b = Float64Array.of(7, 8, 9, 10, 11, 12);
    const out = new Float64Array(4);
    matmulKernel(a, 0, 3, 1, b, 0, 2, 1, out, 0, 2, 2, 3);
    expect(Array.from(out)).toEqual([58, 64, 139, 154]);
    const one = new Float32Array(1);
    matmulKernel(Float32Array.of(3), 0, 1, 1, Float32Array.of(-2), 0, 1, 1, one, 0, 1, 1, 1);
    expect(one[0]).toBe(-6);
  });

  it('propagates NaN and Infinity like IEEE arithmetic (0·∞ = NaN), in small and packed paths', () => {
    for (const [M, n] of [[2, 2], [48, 48], [1, 48]] as const) {
      const a = new Float64Array(M * n), b = new Float64Array(n * n).fill(1);
      b[0] = Infinity; // B[0, 0]; A is all zeros, so C[i, 0] = Σ 0·B[k, 0] = 0·∞ = NaN
      const out = new Float64Array(M * n);
      matmulKernel(a, 0, n, 1, b, 0, n, 1, out, 0, M, n, n);
      for (let i = 0; i < M; i++) {
        expect(Number.isNaN(out[i * n])).toBe(true);
        expect(out[i * n + 1]).toBe(0);
      }
    }
  });

  it('accumulates in double precision before the single float32 store', () => {
    // 1 + 2⁻²⁴·(many) − 1: a float32 accumulator would lose every small term.
    const K = 600, a = new Float32Array(K).fill(1), b = new Float32Array(K).fill(2 ** -24);
    b[0] = 1;
    b[K - 1] = -1;
    for (const [M, N] of [[1, 1], [1, 8], [8, 8]]) {
      const A = new Float32Array(M * K), B = new Float32Array(K * N);
      for (let i = 0; i < M; i++) A.set(a, i * K);
      for (let k = 0; k < K; k++) B.fill(b[k]!, k * N, (k + 1) * N);
      const out = new Float32Array(M * N);
      matmulKernel(A, 0, K, 1, B, 0, N, 1, out, 0, M, N, K);
      expect(Array.from(out)).toEqual(new Array(M * N).fill(Math.fround((K - 2) * 2 ** -24)));
    }
  });

  it('gives the same result when called again after other shapes and dtypes (scratch reuse)', () => {
    const run = (n: number, seed: number, ctor: Ctor): number[] => {
      const rand = rng(seed);
      const A = operand(ctor, 'contiguous', n, n + 3, rand, false), B = operand(ctor, 'contiguous', n + 3, n, rand, false);
      const out = new ctor(n * n);
      matmulKernel(A.data, 0, A.rs, A.cs, B.data, 0, B.rs, B.cs, out, 0, n, n, n + 3);
      return Array.from(out);
    };
    const first = run(70, 5, Float64Array);
    run(300, 6, Float32Array);
    run(9, 7, Float64Array);
    expect(run(70, 5, Float64Array)).toEqual(first);
  });

  it('writes int32 outputs from int32 storages exactly', () => {
    const M = 33, N = 35, K = 37;
    const a = Int32Array.from({ length: M * K }, (_, i) => (i % 7) - 3);
    const b = Int32Array.from({ length: K * N }, (_, i) => (i % 5) - 2);
    const out = new Int32Array(M * N);
    matmulKernel(a, 0, K, 1, b, 0, N, 1, out, 0, M, N, K);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += a[i * K + k]! * b[k * N + j]!;
        expect(out[i * N + j]).toBe(s);
      }
    }
  });
});
