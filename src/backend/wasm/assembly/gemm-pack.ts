// Packing for the float32 matrix product (gemm.ts): A blocks into MR-row panels and B
// panels into NR-column strips, both k-major and zero-padded, from any transpose layout.

/** Rows of the micro-kernel's tile. */
// @ts-ignore: decorator
@inline export const MR: i32 = 4;
/** Columns of the micro-kernel's tile. */
// @ts-ignore: decorator
@inline export const NR: i32 = 8;
/** Largest K slice (balanced below this). */
// @ts-ignore: decorator
@inline export const KC: i32 = 384;
// ---------------------------------------------------------------------------------------------
// Packing.

/**
 * Packs rows [i0, i0+mc) × columns [p0, p0+kc) of A into `dst` as MR-row panels, each k-major
 * (MR floats per k), the last panel zero-padded to MR rows.
 */
export function packA(transA: i32, a: usize, lda: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
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
export function packB(transB: i32, b: usize, ldb: i32, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
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
