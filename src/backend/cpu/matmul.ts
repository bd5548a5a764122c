/**
 * @file CPU matrix product of strided operands into a contiguous row-major output.
 *
 * Tiny or thin products (M < 2, N < 4, K < 2) run unpacked loops. Everything else uses a
 * cache-blocked scheme in the spirit of GotoBLAS: for each `NC`-column panel of B and each
 * `MC`-row block of A, every `KC`-deep slice of both is packed (B into 4-column strips, A into
 * row pairs, as doubles) and a 2×4 register-tiled micro-kernel accumulates each tile of C in
 * eight local doubles. Partial sums across K slices live in a Float64 block buffer, so every
 * output element is accumulated in double precision and written to `out` exactly once.
 * Scratch is module-level, bounded by the block sizes, and reused across calls.
 */
import type { TypedArray } from '../../core/dtype.js';

/** Depth of one K block: a packed 2×KC A panel and 4×KC B strip stay in L1. */
const KC = 512;
/** Rows of A per block (even): a packed MC×KC A block stays in L2. */
const MC = 64;
/** Columns of B per panel (a multiple of 4). */
const NC = 256;
/** Products with at most this many multiply-adds skip packing. */
const TINY = 64;

/** Packing scratch, reused across calls: one packed B block, then one packed A block (one
 * array keeps the micro-kernel's loads monomorphic and its per-iteration checks minimal). */
let pack: Float64Array = new Float64Array(0);
/** Double-precision partial sums of the current MC×NC block of C, in 2×4 tiles. */
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
      for (let k = 0, pa = aOff + i * aRs; k < K; k++, pa += aCs) {
        const av = a[pa]!;
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
 * Packs a `kc`-deep slice of `xc` rows of A (w = 2) or columns of B (w = 4) into `pack[at ..)`:
 * element `(k, x)` = `src[base + k*sK + x*sX]` goes to strip `x/w` (strips `stride` apart),
 * slot `k*w + x%w`. Missing x of the last strip and the odd last k (up to even `kcp`) are zero.
 * Walks the source along whichever of k or x is its contiguous direction.
 */
function packPanel(src: TypedArray, base: number, sK: number, sX: number, kc: number, xc: number, w: number, at: number, stride: number): void {
  const p = pack, kcp = (kc + 1) & ~1;
  if (Math.abs(sX) <= Math.abs(sK)) {
    for (let k = 0; k < kc; k++) {
      const row = base + k * sK;
      for (let x = 0, q = at + k * w; x < xc; x += w, q += stride) {
        for (let c = 0; c < w; c++) p[q + c] = x + c < xc ? src[row + (x + c) * sX]! : 0;
      }
    }
  } else {
    for (let x = 0, q0 = at; x < xc; x += w, q0 += stride) {
      for (let c = 0; c < w; c++) {
        const col = base + (x + c) * sX, live = x + c < xc;
        for (let k = 0, q = q0 + c; k < kc; k++, q += w) p[q] = live ? src[col + k * sK]! : 0;
      }
    }
  }
  if (kc < kcp) for (let x = 0, q = at + kc * w; x < xc; x += w, q += stride) for (let c = 0; c < w; c++) p[q + c] = 0;
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
  // Strips are padded by one cache line so that walking the source writes no 4K-aliased streams.
  const kcMax = Math.min(KC, K + (K & 1)), ncMax = Math.min(NC, N + 3) >> 2, mcMax = Math.min(MC, M + 1) >> 1;
  const aAt = ncMax * (4 * kcMax + 8);
  pack = grow(pack, aAt + mcMax * (2 * kcMax + 8));
  acc = grow(acc, mcMax * ncMax * 8);
  const p = pack, c = acc;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc), ns = (nc + 3) >> 2;
    for (let ic = 0; ic < M; ic += MC) {
      const mc = Math.min(MC, M - ic), mcp = mc + (mc & 1);
      for (let pc = 0; pc < K; pc += KC) {
        const kc = Math.min(KC, K - pc), kcp = (kc + 1) & ~1, first = pc === 0;
        const sb = 4 * kcp + 8, sa = 2 * kcp + 8;
        packPanel(b, bOff + pc * bRs + jc * bCs, bRs, bCs, kc, nc, 4, 0, sb);
        packPanel(a, aOff + ic * aRs + pc * aCs, aCs, aRs, kc, mc, 2, aAt, sa);
        for (let s = 0; s < ns; s++) {
          for (let i = 0; i < mcp; i += 2) kernel2x4(p, aAt + (i >> 1) * sa, s * sb, kcp, c, ((i >> 1) * ns + s) * 8, first);
        }
      }
      // Write the finished block: tile (i/2, s) holds rows i, i+1 and columns 4s .. 4s+3.
      for (let i = 0; i < mc; i++) {
        const t = (i >> 1) * ns * 8 + (i & 1) * 4;
        for (let j = 0, o = outOff + (ic + i) * N + jc; j < nc; j++) out[o++] = c[t + (j >> 2) * 8 + (j & 3)]!;
      }
    }
  }
}
