/**
 * @file CPU matrix product of strided operands into a contiguous row-major output.
 *
 * Tiny or thin products (M < 2, N < 4, K < 2) run unpacked loops. Everything else uses a
 * cache-blocked scheme in the spirit of GotoBLAS: for each `NC`-column panel of B and each
 * `MB`-row band of C, every `KC`-deep slice of B is packed once into 4-column strips and,
 * `MC` rows at a time, the matching slice of A into row pairs (both as doubles, in one
 * scratch array); a 2×4 register-tiled micro-kernel then accumulates each tile of C in eight
 * local doubles. Partial sums across K slices live in a Float64 buffer, so every output
 * element is accumulated in double precision and written to `out` exactly once. Scratch is
 * module-level, bounded by the block sizes, and reused across calls.
 */
import type { TypedArray } from '../../core/dtype.js';

/** Depth of one K block: a packed 2×KC A panel and 4×KC B strip stay in L1. */
const KC = 512;
/** Rows of A per packed block (even): an MC×KC block stays in L2. */
const MC = 64;
/** Rows of C per pass over a packed B block (a multiple of MC): bounds the partial-sum buffer. */
const MB = 512;
/** Columns of B per panel (a multiple of 4). */
const NC = 256;
/** Products with at most this many multiply-adds skip packing. */
const TINY = 64;

/** Packing scratch, reused across calls: one packed B block, then one packed A block (one
 * array keeps the micro-kernel's loads monomorphic and its per-iteration checks minimal). */
let pack: Float64Array = new Float64Array(0);
/** Double-precision partial sums of the current MB×NC block of C in 2×4 tiles (or, on the
 * unpacked path, of one row of C). */
let acc: Float64Array = new Float64Array(0);

function grow(buf: Float64Array, size: number): Float64Array {
  return buf.length >= size ? buf : new Float64Array(Math.max(size, buf.length * 2));
}

/**
 * Unpacked product for shapes where packing does not pay (tiny, M or N below the tile, or
 * K < 2). When B's rows are the contiguous direction, rows of C accumulate in `acc` (axpy
 * form, streaming B); otherwise (or when tiny) one strided dot product per element.
 */
function matmulSmall(
  a: TypedArray, aOff: number, aRs: number, aCs: number,
  b: TypedArray, bOff: number, bRs: number, bCs: number,
  out: TypedArray, outOff: number, M: number, N: number, K: number,
): void {
  if (N > 1 && M * N * K > TINY && Math.abs(bCs) <= Math.abs(bRs)) {
    const row = acc = grow(acc, N);
    for (let i = 0, o = outOff; i < M; i++) {
      row.fill(0, 0, N);
      const ai = aOff + i * aRs;
      let k = 0;
      for (; k + 4 <= K; k += 4) { // four rows of B per pass over the accumulator row
        const pa = ai + k * aCs, a0 = a[pa]!, a1 = a[pa + aCs]!, a2 = a[pa + 2 * aCs]!, a3 = a[pa + 3 * aCs]!;
        for (let j = 0, pb = bOff + k * bRs; j < N; j++, pb += bCs) {
          row[j] += a0 * b[pb]! + a1 * b[pb + bRs]! + a2 * b[pb + 2 * bRs]! + a3 * b[pb + 3 * bRs]!;
        }
      }
      for (; k < K; k++) {
        const av = a[ai + k * aCs]!;
        for (let j = 0, pb = bOff + k * bRs; j < N; j++, pb += bCs) row[j] += av * b[pb]!;
      }
      for (let j = 0; j < N; j++) out[o++] = row[j]!;
    }
    return;
  }
  for (let i = 0, o = outOff; i < M; i++) {
    const ai = aOff + i * aRs;
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0, pa = ai, pb = bOff + j * bCs; k < K; k++, pa += aCs, pb += bRs) s += a[pa]! * b[pb]!;
      out[o++] = s;
    }
  }
}

/**
 * Packs the `mc × kc` block of A at `base` into `pack[at ..)` as row pairs: pair `i/2` holds
 * `A[i,k], A[i+1,k]` for each k, `kcp` deep (`kc` padded to even with zeros). A missing odd
 * last row is zero too.
 */
function packA(a: TypedArray, base: number, aRs: number, aCs: number, mc: number, kc: number, at: number): void {
  const p = pack, kcp = (kc + 1) & ~1;
  for (let i = 0, q = at; i < mc; i += 2) {
    const r0 = base + i * aRs, r1 = i + 1 < mc ? r0 + aRs : -1;
    for (let k = 0; k < kc; k++, q += 2) {
      p[q] = a[r0 + k * aCs]!;
      p[q + 1] = r1 < 0 ? 0 : a[r1 + k * aCs]!;
    }
    if (kc < kcp) { p[q] = 0; p[q + 1] = 0; q += 2; }
  }
}

/**
 * Packs the `kc × nc` block of B at `base` into `pack[at ..)` as strips of 4 columns (the
 * last zero-padded), each strip `kcp` deep (`kc` padded to even with zeros).
 */
function packB(b: TypedArray, base: number, bRs: number, bCs: number, kc: number, nc: number, at: number): void {
  const p = pack, kcp = (kc + 1) & ~1;
  for (let j = 0, q = at; j < nc; j += 4) {
    const w = Math.min(4, nc - j);
    let k = 0;
    for (let pk = base + j * bCs; k < kc; k++, pk += bRs, q += 4) {
      if (w === 4) {
        p[q] = b[pk]!; p[q + 1] = b[pk + bCs]!; p[q + 2] = b[pk + 2 * bCs]!; p[q + 3] = b[pk + 3 * bCs]!;
      } else {
        for (let c = 0; c < 4; c++) p[q + c] = c < w ? b[pk + c * bCs]! : 0;
      }
    }
    for (; k < kcp; k++, q += 4) { p[q] = 0; p[q + 1] = 0; p[q + 2] = 0; p[q + 3] = 0; }
  }
}

/**
 * The 2×4 micro-kernel, unrolled twice over k: the tile at `c[pc .. pc+8)` (rows of 4)
 * becomes (its partial sums unless `first`, else zero) plus `Σ_k A[pa: 2 per k] ⊗ B[pb: 4 per k]`
 * over `kcp` (even) steps, both operands read from `p`. Indices use `| 0` so the JIT keeps
 * them int32 without overflow checks.
 */
function kernel2x4(p: Float64Array, pa: number, pb: number, kcp: number, c: Float64Array, pc: number, first: boolean): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  if (!first) {
    c00 = c[pc]!; c01 = c[pc + 1]!; c02 = c[pc + 2]!; c03 = c[pc + 3]!;
    c10 = c[pc + 4]!; c11 = c[pc + 5]!; c12 = c[pc + 6]!; c13 = c[pc + 7]!;
  }
  for (const end = (pa + 2 * kcp) | 0; pa < end; pa = (pa + 4) | 0, pb = (pb + 8) | 0) {
    let a0 = p[pa]!, a1 = p[(pa + 1) | 0]!;
    let b0 = p[pb]!, b1 = p[(pb + 1) | 0]!, b2 = p[(pb + 2) | 0]!, b3 = p[(pb + 3) | 0]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    a0 = p[(pa + 2) | 0]!; a1 = p[(pa + 3) | 0]!;
    b0 = p[(pb + 4) | 0]!; b1 = p[(pb + 5) | 0]!; b2 = p[(pb + 6) | 0]!; b3 = p[(pb + 7) | 0]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
  }
  c[pc] = c00; c[pc + 1] = c01; c[pc + 2] = c02; c[pc + 3] = c03;
  c[pc + 4] = c10; c[pc + 5] = c11; c[pc + 6] = c12; c[pc + 7] = c13;
}

/**
 * Matrix product of strided operands into a contiguous row-major block:
 * `out[outOff + i*N + j] = Σ_k A[i,k]·B[k,j]` for `i < M`, `j < N`, where
 * `A[i,k] = a[aOff + i*aRs + k*aCs]` and `B[k,j] = b[bOff + k*bRs + j*bCs]`.
 *
 * Any strides work (a transposed or broadcast view needs no copy). Sums are accumulated in
 * double precision and each output element is written once (converted to `out`'s element
 * type on store); `K = 0` writes zeros. `out` must not overlap `a` or `b`.
 *
 * @param a - Storage of the left operand.
 * @param aOff - Offset of `A[0,0]` in `a`.
 * @param aRs - Stride between rows of A.
 * @param aCs - Stride between columns of A.
 * @param b - Storage of the right operand.
 * @param bOff - Offset of `B[0,0]` in `b`.
 * @param bRs - Stride between rows of B.
 * @param bCs - Stride between columns of B.
 * @param out - Destination array.
 * @param outOff - Offset of `C[0,0]` in `out`.
 * @param M - Rows of A and C.
 * @param N - Columns of B and C.
 * @param K - Columns of A, rows of B.
 */
export function matmulKernel(
  a: TypedArray, aOff: number, aRs: number, aCs: number,
  b: TypedArray, bOff: number, bRs: number, bCs: number,
  out: TypedArray, outOff: number, M: number, N: number, K: number,
): void {
  if (M * N * K <= TINY || M < 2 || N < 4 || K < 2) {
    matmulSmall(a, aOff, aRs, aCs, b, bOff, bRs, bCs, out, outOff, M, N, K);
    return;
  }
  const kcMax = Math.min(KC, K + (K & 1)), ncMax = (Math.min(NC, N) + 3) & ~3, mbMax = Math.min(MB, M + (M & 1));
  const aAt = kcMax * ncMax;
  pack = grow(pack, aAt + Math.min(MC, mbMax) * kcMax);
  acc = grow(acc, mbMax * ncMax);
  const p = pack, c = acc;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc), ns = (nc + 3) >> 2;
    for (let ib = 0; ib < M; ib += MB) {
      const mb = Math.min(MB, M - ib);
      for (let pc = 0; pc < K; pc += KC) {
        const kc = Math.min(KC, K - pc), kcp = (kc + 1) & ~1, first = pc === 0;
        packB(b, bOff + pc * bRs + jc * bCs, bRs, bCs, kc, nc, 0);
        for (let ic = 0; ic < mb; ic += MC) {
          const mc = Math.min(MC, mb - ic), mcp = mc + (mc & 1);
          packA(a, aOff + (ib + ic) * aRs + pc * aCs, aRs, aCs, mc, kc, aAt);
          for (let s = 0; s < ns; s++) {
            for (let i = 0; i < mcp; i += 2) kernel2x4(p, aAt + i * kcp, s * kcp * 4, kcp, c, (((ic + i) >> 1) * ns + s) * 8, first);
          }
        }
      }
      // Write the finished rows: tile (i/2, s) holds rows i, i+1 and columns 4s .. 4s+3.
      for (let i = 0; i < mb; i++) {
        const t = (i >> 1) * ns * 8 + (i & 1) * 4;
        for (let j = 0, o = outOff + (ib + i) * N + jc; j < nc; j++) out[o++] = c[t + (j >> 2) * 8 + (j & 3)]!;
      }
    }
  }
}
