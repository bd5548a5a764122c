// Float32 matrix product, GotoBLAS-style (signatures in ../exports.ts, design in ../matmul.ts).
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
// Layouts: operands in any of the four transpose layouts are packed straight from memory:
// rows of A and columns of Bᵀ are transposed 4×4 in registers (shufps); the other two copy
// vectors.
//
// Thin products (M ≤ 7 or N ≤ 7: a few rows, a matrix-vector product) skip packing, which
// costs as much as they compute, and the padding to 4×8 tiles: rows of C are accumulated
// 16 columns at a time from rows of B (B's rows contiguous), or as dot products of rows of A
// with 4 columns of B (B's columns contiguous); few columns run as the transposed product
// Cᵀ = Bᵀ·Aᵀ. 3–8× faster than the packed path at M or N of 1 or 2, ~1.3× at 4–7.

// @ts-ignore: decorator
@inline const MR: i32 = 4;
// @ts-ignore: decorator
@inline const NR: i32 = 8;
/** Largest K slice (balanced below this). */
// @ts-ignore: decorator
@inline const KC: i32 = 384;
/** Largest row block of A (a multiple of MR). */
// @ts-ignore: decorator
@inline const MC: i32 = 256;
/** Largest column panel of B (a multiple of NR). */
// @ts-ignore: decorator
@inline const NC: i32 = 2048;
/** Products with at most THIN_M rows or THIN_N columns take the unpacked thin path. */
// @ts-ignore: decorator
@inline const THIN_M: i32 = 7;
// @ts-ignore: decorator
@inline const THIN_N: i32 = 7;
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
// Packing.

/**
 * Packs rows [i0, i0+mc) × columns [p0, p0+kc) of A into `dst` as MR-row panels, each k-major
 * (MR floats per k), the last panel zero-padded to MR rows.
 */
function packA(transA: i32, a: usize, lda: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  const panelBytes = <usize>(kc * MR) << 2;
  for (let ii = 0; ii < mc; ii += MR) {
    const mr = min(MR, mc - ii);
    const d = dst + <usize>(ii / MR) * panelBytes;
    const i = i0 + ii;
    if (transA) {
      // A(i, k) = a[k·lda + i]: the MR values of one k are contiguous.
      let src = a + ((<usize>p0 * lda + i) << 2);
      const step = <usize>lda << 2;
      if (mr == MR) {
        for (let k = 0; k < kc; k++) {
          v128.store(d + (<usize>k << 4), v128.load(src));
          src += step;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          const o = d + (<usize>k << 4);
          v128.store(o, f32x4.splat(0));
          for (let r = 0; r < mr; r++) store<f32>(o + (<usize>r << 2), load<f32>(src + (<usize>r << 2)));
          src += step;
        }
      }
    } else {
      // A(i, k) = a[i·lda + k]: rows are contiguous in k; transpose 4×4 blocks.
      const s0 = a + ((<usize>i * lda + p0) << 2);
      if (mr == MR) {
        const rs = <usize>lda << 2;
        const s1 = s0 + rs, s2 = s1 + rs, s3 = s2 + rs;
        let k = 0;
        for (; k + 4 <= kc; k += 4) {
          const o = <usize>k << 2;
          const r0 = v128.load(s0 + o), r1 = v128.load(s1 + o), r2 = v128.load(s2 + o), r3 = v128.load(s3 + o);
          const t0 = f32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = f32x4.shuffle(r2, r3, 0, 4, 1, 5);
          const t2 = f32x4.shuffle(r0, r1, 2, 6, 3, 7), t3 = f32x4.shuffle(r2, r3, 2, 6, 3, 7);
          const q = d + (<usize>k << 4);
          v128.store(q, f32x4.shuffle(t0, t1, 0, 1, 4, 5));
          v128.store(q, f32x4.shuffle(t0, t1, 2, 3, 6, 7), 16);
          v128.store(q, f32x4.shuffle(t2, t3, 0, 1, 4, 5), 32);
          v128.store(q, f32x4.shuffle(t2, t3, 2, 3, 6, 7), 48);
        }
        for (; k < kc; k++) {
          const o = <usize>k << 2, q = d + (<usize>k << 4);
          store<f32>(q, load<f32>(s0 + o));
          store<f32>(q, load<f32>(s1 + o), 4);
          store<f32>(q, load<f32>(s2 + o), 8);
          store<f32>(q, load<f32>(s3 + o), 12);
        }
      } else {
        for (let k = 0; k < kc; k++) v128.store(d + (<usize>k << 4), f32x4.splat(0));
        for (let r = 0; r < mr; r++) {
          const s = s0 + ((<usize>r * lda) << 2);
          for (let k = 0; k < kc; k++) store<f32>(d + (<usize>k << 4) + (<usize>r << 2), load<f32>(s + (<usize>k << 2)));
        }
      }
    }
  }
}

/**
 * Packs rows [p0, p0+kc) × columns [j0, j0+nc) of B into `dst` as NR-column strips, each
 * k-major (NR floats per k), the last strip zero-padded to NR columns.
 */
function packB(transB: i32, b: usize, ldb: i32, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  const stripBytes = <usize>(kc * NR) << 2;
  for (let jj = 0; jj < nc; jj += NR) {
    const nr = min(NR, nc - jj);
    const d = dst + <usize>(jj / NR) * stripBytes;
    const j = j0 + jj;
    if (!transB) {
      // B(k, j) = b[k·ldb + j]: the NR values of one k are contiguous.
      let src = b + ((<usize>p0 * ldb + j) << 2);
      const step = <usize>ldb << 2;
      if (nr == NR) {
        for (let k = 0; k < kc; k++) {
          const q = d + (<usize>k << 5);
          v128.store(q, v128.load(src));
          v128.store(q, v128.load(src, 16), 16);
          src += step;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          const q = d + (<usize>k << 5);
          v128.store(q, f32x4.splat(0));
          v128.store(q, f32x4.splat(0), 16);
          for (let c = 0; c < nr; c++) store<f32>(q + (<usize>c << 2), load<f32>(src + (<usize>c << 2)));
          src += step;
        }
      }
    } else {
      // B(k, j) = b[j·ldb + k]: columns of B are contiguous in k; transpose 4×4 blocks.
      const s0 = b + ((<usize>j * ldb + p0) << 2);
      const cs = <usize>ldb << 2;
      if (nr == NR) {
        const s1 = s0 + cs, s2 = s1 + cs, s3 = s2 + cs, s4 = s3 + cs, s5 = s4 + cs, s6 = s5 + cs, s7 = s6 + cs;
        let k = 0;
        for (; k + 4 <= kc; k += 4) {
          const o = <usize>k << 2, q = d + (<usize>k << 5);
          let r0 = v128.load(s0 + o), r1 = v128.load(s1 + o), r2 = v128.load(s2 + o), r3 = v128.load(s3 + o);
          let t0 = f32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = f32x4.shuffle(r2, r3, 0, 4, 1, 5);
          let t2 = f32x4.shuffle(r0, r1, 2, 6, 3, 7), t3 = f32x4.shuffle(r2, r3, 2, 6, 3, 7);
          v128.store(q, f32x4.shuffle(t0, t1, 0, 1, 4, 5));
          v128.store(q, f32x4.shuffle(t0, t1, 2, 3, 6, 7), 32);
          v128.store(q, f32x4.shuffle(t2, t3, 0, 1, 4, 5), 64);
          v128.store(q, f32x4.shuffle(t2, t3, 2, 3, 6, 7), 96);
          r0 = v128.load(s4 + o); r1 = v128.load(s5 + o); r2 = v128.load(s6 + o); r3 = v128.load(s7 + o);
          t0 = f32x4.shuffle(r0, r1, 0, 4, 1, 5); t1 = f32x4.shuffle(r2, r3, 0, 4, 1, 5);
          t2 = f32x4.shuffle(r0, r1, 2, 6, 3, 7); t3 = f32x4.shuffle(r2, r3, 2, 6, 3, 7);
          v128.store(q, f32x4.shuffle(t0, t1, 0, 1, 4, 5), 16);
          v128.store(q, f32x4.shuffle(t0, t1, 2, 3, 6, 7), 48);
          v128.store(q, f32x4.shuffle(t2, t3, 0, 1, 4, 5), 80);
          v128.store(q, f32x4.shuffle(t2, t3, 2, 3, 6, 7), 112);
        }
        for (; k < kc; k++) {
          const o = <usize>k << 2, q = d + (<usize>k << 5);
          store<f32>(q, load<f32>(s0 + o));
          store<f32>(q, load<f32>(s1 + o), 4);
          store<f32>(q, load<f32>(s2 + o), 8);
          store<f32>(q, load<f32>(s3 + o), 12);
          store<f32>(q, load<f32>(s4 + o), 16);
          store<f32>(q, load<f32>(s5 + o), 20);
          store<f32>(q, load<f32>(s6 + o), 24);
          store<f32>(q, load<f32>(s7 + o), 28);
        }
      } else {
        for (let k = 0; k < kc; k++) {
          const q = d + (<usize>k << 5);
          v128.store(q, f32x4.splat(0));
          v128.store(q, f32x4.splat(0), 16);
        }
        for (let c = 0; c < nr; c++) {
          const s = s0 + <usize>c * cs;
          for (let k = 0; k < kc; k++) store<f32>(d + (<usize>k << 5) + (<usize>c << 2), load<f32>(s + (<usize>k << 2)));
        }
      }
    }
  }
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

// ---------------------------------------------------------------------------------------------
// Thin products (M or N ≤ 7): no packing, no padding to the 4×8 tile.

/** Stores (or, if `acc`, adds) the four lanes of `v` at `p`, `p + step`, `p + 2·step`, `p + 3·step`. */
// @ts-ignore: decorator
@inline function storeLanes(p: usize, step: usize, v: v128, acc: i32): void {
  if (step == 4) {
    v128.store(p, acc ? f32x4.add(v128.load(p), v) : v);
  } else {
    const p1 = p + step, p2 = p1 + step, p3 = p2 + step;
    store<f32>(p, acc ? load<f32>(p) + f32x4.extract_lane(v, 0) : f32x4.extract_lane(v, 0));
    store<f32>(p1, acc ? load<f32>(p1) + f32x4.extract_lane(v, 1) : f32x4.extract_lane(v, 1));
    store<f32>(p2, acc ? load<f32>(p2) + f32x4.extract_lane(v, 2) : f32x4.extract_lane(v, 2));
    store<f32>(p3, acc ? load<f32>(p3) + f32x4.extract_lane(v, 3) : f32x4.extract_lane(v, 3));
  }
}

// @ts-ignore: decorator
@inline function storeOne(p: usize, v: f32, acc: i32): void {
  store<f32>(p, acc ? load<f32>(p) + v : v);
}

/**
 * `C (+)= A·B` for a few rows (`M` ≤ THIN_M) with B's rows contiguous (`B(k,j)` at
 * `b + k·bks + 4j`), as row updates: 16 columns of a row of C are held in four accumulators while k runs, each step
 * broadcasting `A(i,k)` (at `a + i·ais + k·aks`, any layout) against four vectors of B's row k.
 * `C(i,j)` is at `c + i·cis + j·cjs`. Column blocks are outermost so a block of B stays in L1
 * across the rows.
 */
function thinRows(M: i32, N: i32, K: i32, a: usize, ais: usize, aks: usize, b: usize, bks: usize,
  c: usize, cis: usize, cjs: usize, acc: i32): void {
  let j = 0;
  for (; j + 16 <= N; j += 16) {
    for (let i = 0; i < M; i++) {
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
      let ap = a + <usize>i * ais, bp = b + (<usize>j << 2);
      for (let k = 0; k < K; k++) {
        const av = v128.load32_splat(ap);
        s0 = f32x4.add(s0, f32x4.mul(av, v128.load(bp)));
        s1 = f32x4.add(s1, f32x4.mul(av, v128.load(bp, 16)));
        s2 = f32x4.add(s2, f32x4.mul(av, v128.load(bp, 32)));
        s3 = f32x4.add(s3, f32x4.mul(av, v128.load(bp, 48)));
        ap += aks;
        bp += bks;
      }
      const cp = c + <usize>i * cis + <usize>j * cjs;
      storeLanes(cp, cjs, s0, acc);
      storeLanes(cp + 4 * cjs, cjs, s1, acc);
      storeLanes(cp + 8 * cjs, cjs, s2, acc);
      storeLanes(cp + 12 * cjs, cjs, s3, acc);
    }
  }
  for (; j + 4 <= N; j += 4) {
    for (let i = 0; i < M; i++) {
      let s0 = f32x4.splat(0);
      let ap = a + <usize>i * ais, bp = b + (<usize>j << 2);
      for (let k = 0; k < K; k++) {
        s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(ap), v128.load(bp)));
        ap += aks;
        bp += bks;
      }
      storeLanes(c + <usize>i * cis + <usize>j * cjs, cjs, s0, acc);
    }
  }
  for (; j < N; j++) {
    for (let i = 0; i < M; i++) {
      let s: f32 = 0;
      let ap = a + <usize>i * ais, bp = b + (<usize>j << 2);
      for (let k = 0; k < K; k++) {
        s += load<f32>(ap) * load<f32>(bp);
        ap += aks;
        bp += bks;
      }
      storeOne(c + <usize>i * cis + <usize>j * cjs, s, acc);
    }
  }
}

/**
 * `C (+)= A·B` for a few rows (`M` ≤ THIN_M) with B's columns contiguous (`B(k,j)` at
 * `b + 4k + j·bjs`), as dot products of rows of A with four columns of B at a time. Rows of A not contiguous in k
 * (`aks` ≠ 4) are gathered into `work` (KC floats per row) a K slice at a time.
 */
function thinDots(M: i32, N: i32, K: i32, a: usize, ais: usize, aks: usize, b: usize, bjs: usize,
  c: usize, cis: usize, cjs: usize, beta: i32, work: usize): void {
  const gather = aks != 4;
  const kcMax = gather ? min(K, KC) : K;
  for (let k0 = 0; k0 < K; k0 += kcMax) {
    const kc = min(kcMax, K - k0), acc = beta != 0 || k0 > 0 ? 1 : 0;
    const k4 = kc & ~3;
    // Row i of A for this slice starts at rowAt + i·rowStep.
    let rowAt = a + <usize>k0 * aks, rowStep = ais;
    if (gather) {
      for (let i = 0; i < M; i++) {
        let src = a + <usize>i * ais + <usize>k0 * aks;
        const dst = work + (<usize>(i * kcMax) << 2);
        for (let k = 0; k < kc; k++) {
          store<f32>(dst + (<usize>k << 2), load<f32>(src));
          src += aks;
        }
      }
      rowAt = work;
      rowStep = <usize>kcMax << 2;
    }
    const bAt = b + (<usize>k0 << 2);
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const b0 = bAt + <usize>j * bjs, b1 = b0 + bjs, b2 = b1 + bjs, b3 = b2 + bjs;
      for (let i = 0; i < M; i++) {
        const ar = rowAt + <usize>i * rowStep;
        let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
        for (let k = 0; k < k4; k += 4) {
          const o = <usize>k << 2;
          const av = v128.load(ar + o);
          s0 = f32x4.add(s0, f32x4.mul(av, v128.load(b0 + o)));
          s1 = f32x4.add(s1, f32x4.mul(av, v128.load(b1 + o)));
          s2 = f32x4.add(s2, f32x4.mul(av, v128.load(b2 + o)));
          s3 = f32x4.add(s3, f32x4.mul(av, v128.load(b3 + o)));
        }
        // Lane t of the result is Σ s_t: two rounds of transpose-and-add.
        const u01 = f32x4.add(f32x4.shuffle(s0, s1, 0, 4, 1, 5), f32x4.shuffle(s0, s1, 2, 6, 3, 7));
        const u23 = f32x4.add(f32x4.shuffle(s2, s3, 0, 4, 1, 5), f32x4.shuffle(s2, s3, 2, 6, 3, 7));
        let r = f32x4.add(f32x4.shuffle(u01, u23, 0, 1, 4, 5), f32x4.shuffle(u01, u23, 2, 3, 6, 7));
        if (k4 < kc) {
          let t0: f32 = 0, t1: f32 = 0, t2: f32 = 0, t3: f32 = 0;
          for (let k = k4; k < kc; k++) {
            const o = <usize>k << 2, av = load<f32>(ar + o);
            t0 += av * load<f32>(b0 + o);
            t1 += av * load<f32>(b1 + o);
            t2 += av * load<f32>(b2 + o);
            t3 += av * load<f32>(b3 + o);
          }
          r = f32x4.add(r, f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(t0), 1, t1), 2, t2), 3, t3));
        }
        storeLanes(c + <usize>i * cis + <usize>j * cjs, cjs, r, acc);
      }
    }
    for (; j < N; j++) {
      const bj = bAt + <usize>j * bjs;
      for (let i = 0; i < M; i++) {
        const ar = rowAt + <usize>i * rowStep;
        let s0 = f32x4.splat(0);
        for (let k = 0; k < k4; k += 4) {
          const o = <usize>k << 2;
          s0 = f32x4.add(s0, f32x4.mul(v128.load(ar + o), v128.load(bj + o)));
        }
        let s: f32 = (f32x4.extract_lane(s0, 0) + f32x4.extract_lane(s0, 2)) + (f32x4.extract_lane(s0, 1) + f32x4.extract_lane(s0, 3));
        for (let k = k4; k < kc; k++) s += load<f32>(ar + (<usize>k << 2)) * load<f32>(bj + (<usize>k << 2));
        storeOne(c + <usize>i * cis + <usize>j * cjs, s, acc);
      }
    }
  }
}

/**
 * The thin product in general strides (bytes): `A(i,k)` at `a + i·ais + k·aks`, `B(k,j)` at
 * `b + k·bks + j·bjs`, `C(i,j)` at `c + i·cis + j·cjs`; one of `bks`, `bjs` is 4.
 */
function thin(M: i32, N: i32, K: i32, a: usize, ais: usize, aks: usize, b: usize, bks: usize, bjs: usize,
  c: usize, cis: usize, cjs: usize, beta: i32, work: usize): void {
  if (bjs == 4) thinRows(M, N, K, a, ais, aks, b, bks, c, cis, cjs, beta);
  else thinDots(M, N, K, a, ais, aks, b, bjs, c, cis, cjs, beta, work);
}

// ---------------------------------------------------------------------------------------------
// Driver.

/** Writes zeros over the `M×N` block of C (row stride `ldc`). */
function zeroC(M: i32, N: i32, c: usize, ldc: i32): void {
  const rowBytes = <usize>N << 2, step = <usize>ldc << 2;
  for (let i = 0; i < M; i++) memory.fill(c + <usize>i * step, 0, rowBytes);
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
