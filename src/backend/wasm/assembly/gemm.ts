// Float32 matrix product, GotoBLAS-style (signatures in ../exports.ts; the TypeScript side that stages operands and splits work across threads is ../batched-matmul.ts).
//
// Blocking (GotoBLAS): K is cut into near-equal slices of at most KC = 384 (K = 784 runs as
// 3 × 262, not 2 × 384 + 16), M into near-equal blocks of at most MC = 256 rows. Per K slice,
// B is packed into NR-column strips (k-major: NR floats per k, zero-padded past N) and each
// row block of A into MR-row panels (MR floats per k, zero-padded past M); the macro-kernel
// then runs the MR×NR micro-kernel over every (strip, panel) pair, strip-major, so one B strip
// (≤ 12 KiB) stays in L1 while the A panels stream from the packed A block (≤ 384 KiB, L2).
// - M ≤ MC (one A block, the common case, and every share of a row-split across threads):
//   A is packed once per K slice and B in panels of NCF = 128 columns right before their use,
//   so the packed B never leaves L2.
// - M > MC: each KC×NC panel of B (NC = 2048) is packed once and reused by every A block.
// The first K slice stores into C (beta 0) or adds to it (beta 1); later slices add.
//
// Micro-kernel: 4×8 (MR×NR) held in eight f32x4 accumulators; per k it loads two B vectors and
// broadcasts four A values (v128.load32_splat → vbroadcastss), then 8 mul + 8 add. TurboFan
// schedules all of a k step's loads before its arithmetic, so a step needs accumulators + B
// vectors + A broadcasts + one product ≤ 15 xmm registers (xmm15 is V8's scratch): 4×8 and
// 2×16 fit exactly; 5×8, 6×8, 3×12, 4×12, 7×8 and 8×8 spill and run at half speed (measured,
// Node 20 / V8 11.3, x64). The k loop is unrolled 4× by hand with an exit test after each step
// (any kc ≥ 1, no remainder loop; the tests keep steps in separate blocks, so no step's loads
// are hoisted into the previous one, which would spill). Without FMA a core issues at most
// 2 mulps + 2 addps per cycle, 16 flop/cycle at 128 bits; the kernel runs at ~90% of that.
//
// Edges: the packed operands are zero-padded, so every tile is computed whole; a tile that
// overhangs C (fewer than MR rows or NR columns left) is written to a 4×8 scratch tile in the
// work buffer and added into C element by element.
//
// Layouts (gemm-pack.ts): operands in any of the four transpose layouts are packed straight from memory:
// rows of A and columns of Bᵀ are transposed 4×4 in registers (shufps); the other two copy
// vectors.
//
// Thin products (M ≤ 7 or N ≤ 7: a few rows, a matrix-vector product; gemm-thin.ts) skip packing, which
// costs as much as they compute, and the padding to 4×8 tiles: rows of C are accumulated
// 16 columns at a time from rows of B (B's rows contiguous), or as dot products of rows of A
// with 4 columns of B (B's columns contiguous); few columns run as the transposed product
// Cᵀ = Bᵀ·Aᵀ. 3–8× faster than the packed path at M or N of 1 or 2, ~1.3× at 4–7.

import { KC, MR, NR, packA, packB } from './gemm-pack';
import { THIN_M, thin, zeroC } from './gemm-thin';

/** Largest row block of A (a multiple of MR). */
// @ts-ignore: decorator
@inline const MC: i32 = 256;
/** Largest column panel of B (a multiple of NR). */
// @ts-ignore: decorator
@inline const NC: i32 = 2048;
/** Products with at most THIN_N columns take the thin path too (as Cᵀ = Bᵀ·Aᵀ). */
// @ts-ignore: decorator
@inline const THIN_N: i32 = THIN_M;
/** Column panel of B when A is a single block (a multiple of NR, at most NC). */
// @ts-ignore: decorator
@inline const NCF: i32 = 128;

// @ts-ignore: decorator
@inline function ceilDiv(a: i32, b: i32): i32 {
  return (a + b - 1) / b;
}

/** Depth of the K slices: K split into ceil(K / KC) near-equal parts. */
// @ts-ignore: decorator
@inline function sliceK(K: i32): i32 {
  return K <= KC ? K : ceilDiv(K, ceilDiv(K, KC));
}

/** Rows per A block: M split into ceil(M / MC) near-equal parts, rounded up to MR. */
// @ts-ignore: decorator
@inline function sliceM(M: i32): i32 {
  const m = M <= MC ? M : ceilDiv(M, ceilDiv(M, MC));
  return (m + MR - 1) & ~(MR - 1);
}

/** Columns per B panel, rounded up to NR. */
// @ts-ignore: decorator
@inline function sliceN(N: i32): i32 {
  const n = N <= NC ? N : ceilDiv(N, ceilDiv(N, NC));
  return (n + NR - 1) & ~(NR - 1);
}

/**
 * Scratch bytes `sgemm` needs: one packed A block, one packed B panel (NCF columns wide when A
 * is a single block) and an edge tile, plus alignment slack (the thin path needs less). Computed from upper bounds of
 * the block sizes, so it never decreases as M, N or K grow: a buffer sized for `(M, N, K)`
 * serves any sub-product (a range of rows or columns of C, a shorter K).
 */
export function sgemm_work_bytes(M: i32, N: i32, K: i32): i32 {
  if (M <= 0 || N <= 0 || K <= 0) return 64;
  const kc = min(K, KC);
  const mc = min((M + MR - 1) & ~(MR - 1), MC);
  const nb = min((N + NR - 1) & ~(NR - 1), M <= MC ? NCF : NC);
  return (kc * nb + mc * kc + MR * NR) * 4 + 64;
}

// ---------------------------------------------------------------------------------------------
// Macro- and micro-kernel.

/**
 * Runs the 4×8 micro-kernel over every tile of one packed block: `nc` columns (NR-strips of the
 * packed B at `pb0`) × `mc` rows (MR-panels of the packed A at `pa0`), both `kc` deep, into C at
 * `c0` (row stride `ldc` elements). Each tile becomes (its old value if `acc`, else 0) plus its
 * product; tiles overhanging C go through the 4×8 scratch `tile`.
 *
 * The k loop is unrolled 4× by hand with an exit test between steps (so any `kc` ≥ 1 works
 * without a remainder loop, and each step stays its own basic block: TurboFan does not hoist
 * the next step's loads above the test, which would need more than 15 xmm registers).
 */
function macroKernel(pa0: usize, pb0: usize, kc: i32, mc: i32, nc: i32, c0: usize, ldc: i32, acc: i32, tile: usize): void {
  const ld = <usize>ldc << 2;
  const aStep = <usize>kc << 4, bStep = <usize>kc << 5;
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    const pb = pb0 + <usize>(jr / NR) * bStep;
    let pa = pa0;
    let cRow = c0 + (<usize>jr << 2);
    for (let ir = 0; ir < mc; ir += MR) {
      const mr = min(MR, mc - ir);
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
      let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
      let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let b0: v128, b1: v128, av: v128;
      let a = pa, b = pb, k = kc;
      while (true) {
        b0 = v128.load(b, 0); b1 = v128.load(b, 16);
        av = v128.load32_splat(a, 0);
        c00 = f32x4.add(c00, f32x4.mul(av, b0)); c01 = f32x4.add(c01, f32x4.mul(av, b1));
        av = v128.load32_splat(a, 4);
        c10 = f32x4.add(c10, f32x4.mul(av, b0)); c11 = f32x4.add(c11, f32x4.mul(av, b1));
        av = v128.load32_splat(a, 8);
        c20 = f32x4.add(c20, f32x4.mul(av, b0)); c21 = f32x4.add(c21, f32x4.mul(av, b1));
        av = v128.load32_splat(a, 12);
        c30 = f32x4.add(c30, f32x4.mul(av, b0)); c31 = f32x4.add(c31, f32x4.mul(av, b1));
        if (k == 1) break;
        b0 = v128.load(b, 32); b1 = v128.load(b, 48);
        av = v128.load32_splat(a, 16);
        c00 = f32x4.add(c00, f32x4.mul(av, b0)); c01 = f32x4.add(c01, f32x4.mul(av, b1));
        av = v128.load32_splat(a, 20);
        c10 = f32x4.add(c10, f32x4.mul(av, b0)); c11 = f32x4.add(c11, f32x4.mul(av, b1));
        av = v128.load32_splat(a, 24);
        c20 = f32x4.add(c20, f32x4.mul(av, b0)); c21 = f32x4.add(c21, f32x4.mul(av, b1));
        av = v128.load32_splat(a, 28);
        c30 = f32x4.add(c30, f32x4.mul(av, b0)); c31 = f32x4.add(c31, f32x4.mul(av, b1));
        if (k == 2) break;
        b0 = v128.load(b, 64); b1 = v128.load(b, 80);
        av = v128.load32_splat(a, 32);
        c00 = f32x4.add(c00, f32x4.mul(av, b0)); c01 = f32x4.add(c01, f32x4.mul(av, b1));
        av = v128.load32_splat(a, 36);
        c10 = f32x4.add(c10, f32x4.mul(av, b0)); c11 = f32x4.add(c11, f32x4.mul(av, b1));
        av = v128.load32_splat(a, 40);
        c20 = f32x4.add(c20, f32x4.mul(av, b0)); c21 = f32x4.add(c21, f32x4.mul(av, b1));
        av = v128.load32_splat(a, 44);
        c30 = f32x4.add(c30, f32x4.mul(av, b0)); c31 = f32x4.add(c31, f32x4.mul(av, b1));
        if (k == 3) break;
        b0 = v128.load(b, 96); b1 = v128.load(b, 112);
        av = v128.load32_splat(a, 48);
        c00 = f32x4.add(c00, f32x4.mul(av, b0)); c01 = f32x4.add(c01, f32x4.mul(av, b1));
        av = v128.load32_splat(a, 52);
        c10 = f32x4.add(c10, f32x4.mul(av, b0)); c11 = f32x4.add(c11, f32x4.mul(av, b1));
        av = v128.load32_splat(a, 56);
        c20 = f32x4.add(c20, f32x4.mul(av, b0)); c21 = f32x4.add(c21, f32x4.mul(av, b1));
        av = v128.load32_splat(a, 60);
        c30 = f32x4.add(c30, f32x4.mul(av, b0)); c31 = f32x4.add(c31, f32x4.mul(av, b1));
        if (k == 4) break;
        k -= 4;
        a += 64;
        b += 128;
      }
      const full = mr == MR && nr == NR;
      const r0 = full ? cRow : tile, l: usize = full ? ld : NR << 2;
      const r1 = r0 + l, r2 = r1 + l, r3 = r2 + l;
      if (full && acc) {
        c00 = f32x4.add(c00, v128.load(r0)); c01 = f32x4.add(c01, v128.load(r0, 16));
        c10 = f32x4.add(c10, v128.load(r1)); c11 = f32x4.add(c11, v128.load(r1, 16));
        c20 = f32x4.add(c20, v128.load(r2)); c21 = f32x4.add(c21, v128.load(r2, 16));
        c30 = f32x4.add(c30, v128.load(r3)); c31 = f32x4.add(c31, v128.load(r3, 16));
      }
      v128.store(r0, c00); v128.store(r0, c01, 16);
      v128.store(r1, c10); v128.store(r1, c11, 16);
      v128.store(r2, c20); v128.store(r2, c21, 16);
      v128.store(r3, c30); v128.store(r3, c31, 16);
      if (!full) {
        for (let r = 0; r < mr; r++) {
          const dst = cRow + <usize>r * ld, src = tile + (<usize>(r * NR) << 2);
          for (let j = 0; j < nr; j++) {
            const o = <usize>j << 2;
            store<f32>(dst + o, acc ? load<f32>(dst + o) + load<f32>(src + o) : load<f32>(src + o));
          }
        }
      }
      pa += aStep;
      cRow += ld * MR;
    }
  }
}

/** Float32 `C = A·B` (`beta` 0) or `C += A·B` (`beta` ≠ 0); see ../exports.ts. */
export function sgemm(
  transA: i32, transB: i32, M: i32, N: i32, K: i32,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, beta: i32, work: usize,
): void {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (beta == 0) zeroC(M, N, c, ldc);
    return;
  }
  // Thin products skip packing: a row (column) of C against B (Aᵀ), unpadded.
  const ais: usize = transA ? 4 : <usize>lda << 2, aks: usize = transA ? <usize>lda << 2 : 4;
  const bks: usize = transB ? 4 : <usize>ldb << 2, bjs: usize = transB ? <usize>ldb << 2 : 4;
  if (M <= THIN_M) {
    thin(M, N, K, a, ais, aks, b, bks, bjs, c, <usize>ldc << 2, 4, beta, work);
    return;
  }
  if (N <= THIN_N) {
    // Cᵀ = Bᵀ·Aᵀ: Bᵀ(j,k) = B(k,j), Aᵀ(k,i) = A(i,k), Cᵀ(j,i) = C(i,j).
    thin(N, M, K, b, bjs, bks, a, aks, ais, c, 4, <usize>ldc << 2, beta, work);
    return;
  }
  const kcMax = sliceK(K), mcMax = sliceM(M);
  const ldcBytes = <usize>ldc << 2;
  const packedA = (work + 63) & ~(<usize>63);
  const packedB = packedA + (<usize>(mcMax * kcMax) << 2);

  if (M <= MC) {
    // A is one block: pack it per K slice, then B in panels of NCF columns, each just before
    // its use, so the packed B stays in L2 next to the packed A.
    const ncMax = min((N + NR - 1) & ~(NR - 1), NCF);
    const tile = packedB + (<usize>(kcMax * ncMax) << 2);
    for (let pc = 0; pc < K; pc += kcMax) {
      const kc = min(kcMax, K - pc);
      const acc = beta != 0 || pc > 0 ? 1 : 0;
      packA(transA, a, lda, 0, M, pc, kc, packedA);
      for (let jc = 0; jc < N; jc += ncMax) {
        const nc = min(ncMax, N - jc);
        packB(transB, b, ldb, pc, kc, jc, nc, packedB);
        macroKernel(packedA, packedB, kc, M, nc, c + (<usize>jc << 2), ldc, acc, tile);
      }
    }
    return;
  }

  // Several A blocks: pack each B panel once and reuse it for all of them.
  const ncMax = sliceN(N);
  const tile = packedB + (<usize>(kcMax * ncMax) << 2);
  for (let jc = 0; jc < N; jc += ncMax) {
    const nc = min(ncMax, N - jc);
    for (let pc = 0; pc < K; pc += kcMax) {
      const kc = min(kcMax, K - pc);
      const acc = beta != 0 || pc > 0 ? 1 : 0;
      packB(transB, b, ldb, pc, kc, jc, nc, packedB);
      for (let ic = 0; ic < M; ic += mcMax) {
        const mc = min(mcMax, M - ic);
        packA(transA, a, lda, ic, mc, pc, kc, packedA);
        macroKernel(packedA, packedB, kc, mc, nc, c + <usize>ic * ldcBytes + (<usize>jc << 2), ldc, acc, tile);
      }
    }
  }
}
