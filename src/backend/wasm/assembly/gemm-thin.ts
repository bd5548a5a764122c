// Thin float32 products for gemm.ts (M or N ≤ THIN_M): no packing, no padding to the tile.
import { KC } from './gemm-pack';

/** Products with at most THIN_M rows (or, transposed, columns) take this path. */
// @ts-ignore: decorator
@inline export const THIN_M: i32 = 7;
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
export function thin(M: i32, N: i32, K: i32, a: usize, ais: usize, aks: usize, b: usize, bks: usize, bjs: usize,
  c: usize, cis: usize, cjs: usize, beta: i32, work: usize): void {
  if (bjs == 4) thinRows(M, N, K, a, ais, aks, b, bks, c, cis, cjs, beta);
  else thinDots(M, N, K, a, ais, aks, b, bjs, c, cis, cjs, beta, work);
}

// ---------------------------------------------------------------------------------------------
// Driver.

/** Writes zeros over the `M×N` block of C (row stride `ldc`). */
export function zeroC(M: i32, N: i32, c: usize, ldc: i32): void {
  const rowBytes = <usize>N << 2, step = <usize>ldc << 2;
  for (let i = 0; i < M; i++) memory.fill(c + <usize>i * step, 0, rowBytes);
}
