/**
 * @file Float32 matrix product of strided operands on the WebAssembly `sgemm` kernel
 * (`assembly/gemm.ts`), in three reusable steps so that a thread pool can split the work:
 *
 * 1. {@link stageMatmulF32} copies A and B into scratch (linear memory) and returns a
 *    {@link WasmMatmulPlan}: plain numbers (byte offsets, leading dimensions, transpose flags),
 *    so it can be posted to workers that share the memory. Each operand is staged by the
 *    cheapest copy that leaves it addressable by the kernel:
 *    - columns contiguous (`cs = 1`): one `set` of the storage span the view covers, used in
 *      place with `ld = rs` (no transpose);
 *    - rows contiguous (`rs = 1`): the same, passed as transposed with `ld = cs` (so `x.t()`,
 *      `.mT` and the backward products need no transposing copy: the kernel packs straight
 *      from the transposed layout);
 *    - when the span is much larger than the matrix (a few rows of a wide buffer, say), one
 *      `set` per row (or column) into a dense block instead;
 *    - any other strides (including negative or broadcast column strides): a plain copy loop
 *      into a dense row-major block.
 *    C gets a dense row-major `M×N` block (`ldc = N`).
 * 2. {@link runMatmulRowsF32} runs `sgemm` on rows `[r0, r1)` of C with a work buffer of
 *    {@link matmulWorkBytes} bytes. Row ranges are independent, so threads may run disjoint
 *    ranges at once, each with its own work buffer and its own instance of the kernels; the
 *    work size only grows with the row count, so a buffer sized for `rows` serves any range of
 *    at most `rows` rows. Ranges starting at a multiple of 4 keep the kernel's 4-row tiles whole.
 *    Ranges of more than 7 rows give results bitwise equal to the whole product (the packed
 *    path's sums do not depend on the range); thinner ones take the kernel's unpacked path,
 *    whose float32 sums may round differently.
 * 3. {@link readMatmulResultF32} copies C out with one `set`.
 *
 * {@link wasmMatmulF32} does all three on the calling thread, inside one `mark`/`release` of
 * the scratch arena. The staged steps leave the arena to the caller: take `mark()` before
 * staging and `release` it after reading the result (and after every thread is done).
 *
 * Staging allocates all its scratch before writing any of it: growing the memory replaces the
 * runtime's typed views (`rt.f32`), so views must not be held across a `scratch` call.
 */
import type { GemmExports } from './exports.js';
import { mark, release, scratch, type WasmRuntime } from './runtime.js';

/** A staged product: everything `sgemm` needs, as byte offsets into the kernels' memory. */
export interface WasmMatmulPlan {
  /** Rows of A and C. */
  readonly M: number;
  /** Columns of B and C. */
  readonly N: number;
  /** Columns of A, rows of B. */
  readonly K: number;
  /** 1 when A is stored transposed (`A(i,k)` at `a + 4·(k·lda + i)`), else 0 (`a + 4·(i·lda + k)`). */
  readonly transA: number;
  /** 1 when B is stored transposed (`B(k,j)` at `b + 4·(j·ldb + k)`), else 0 (`b + 4·(k·ldb + j)`). */
  readonly transB: number;
  /** Byte offset of `A(0,0)`. */
  readonly a: number;
  /** Leading dimension of A, in elements. */
  readonly lda: number;
  /** Byte offset of `B(0,0)`. */
  readonly b: number;
  /** Leading dimension of B, in elements. */
  readonly ldb: number;
  /** Byte offset of C, a dense row-major `M×N` block (row stride `N`). */
  readonly c: number;
}

/** How one operand is staged (see the file header): one `set` of the span, addressed with
 * the source strides... */
const SPAN = 0;
/** ...one `set` per row (columns contiguous) into a dense row-major block... */
const ROWS = 1;
/** ...one `set` per column (rows contiguous) into a dense column-major block... */
const COLS = 2;
/** ...or an element-by-element copy into a dense row-major block. */
const DENSE = 3;

/** Spans at most this many times the matrix size (plus a little) are copied whole. */
const SPAN_SLACK = 2;

interface OperandLayout {
  mode: number;
  trans: number;
  ld: number;
  /** Elements of scratch the operand needs. */
  size: number;
}

/** Chooses how to stage a `rows × cols` matrix with strides `rs`, `cs` (elements). */
function plan(rows: number, cols: number, rs: number, cs: number): OperandLayout {
  const n = rows * cols;
  if (n === 0) return { mode: DENSE, trans: 0, ld: cols, size: 0 };
  if ((cs === 1 || cols === 1) && rs >= 0) {
    const span = (rows - 1) * rs + cols;
    if (span <= SPAN_SLACK * n + 64) return { mode: SPAN, trans: 0, ld: rs, size: span };
    if (cs === 1) return { mode: ROWS, trans: 0, ld: cols, size: n };
  }
  if ((rs === 1 || rows === 1) && cs >= 0) {
    const span = (cols - 1) * cs + rows;
    if (span <= SPAN_SLACK * n + 64) return { mode: SPAN, trans: 1, ld: cs, size: span };
    if (rs === 1) return { mode: COLS, trans: 1, ld: rows, size: n };
  }
  return { mode: DENSE, trans: 0, ld: cols, size: n };
}

/** Writes a `rows × cols` operand (element `(i,j)` at `src[off + i·rs + j·cs]`) into scratch at element `at`. */
function copyIn(f32: Float32Array, at: number, lay: OperandLayout, src: Float32Array, off: number,
  rows: number, cols: number, rs: number, cs: number): void {
  switch (lay.mode) {
    case SPAN:
      f32.set(src.subarray(off, off + lay.size), at);
      return;
    case ROWS:
      for (let i = 0, p = off; i < rows; i++, p += rs, at += cols) f32.set(src.subarray(p, p + cols), at);
      return;
    case COLS:
      for (let j = 0, p = off; j < cols; j++, p += cs, at += rows) f32.set(src.subarray(p, p + rows), at);
      return;
    case DENSE:
      for (let i = 0; i < rows; i++) {
        for (let j = 0, p = off + i * rs; j < cols; j++, p += cs) f32[at++] = src[p]!;
      }
  }
}

/**
 * Stages `A` (`M×K`, element `(i,k)` at `a[aOff + i·aRs + k·aCs]`) and `B` (`K×N`, `(k,j)` at
 * `b[bOff + k·bRs + j·bCs]`) in scratch and reserves C. The scratch stays allocated until the
 * caller releases a `mark()` taken before this call.
 */
export function stageMatmulF32(rt: WasmRuntime,
  a: Float32Array, aOff: number, aRs: number, aCs: number,
  b: Float32Array, bOff: number, bRs: number, bCs: number,
  M: number, N: number, K: number): WasmMatmulPlan {
  const la = plan(M, K, aRs, aCs), lb = plan(K, N, bRs, bCs);
  // Allocate first (may grow the memory and replace rt.f32), then write.
  const pa = la.size > 0 ? scratch(rt, la.size * 4) : 0;
  const pb = lb.size > 0 ? scratch(rt, lb.size * 4) : 0;
  const pc = scratch(rt, M * N * 4);
  const f32 = rt.f32;
  if (la.size > 0) copyIn(f32, pa >> 2, la, a, aOff, M, K, aRs, aCs);
  if (lb.size > 0) copyIn(f32, pb >> 2, lb, b, bOff, K, N, bRs, bCs);
  return { M, N, K, transA: la.trans, transB: lb.trans, a: pa, lda: la.ld, b: pb, ldb: lb.ld, c: pc };
}

/** Bytes of work buffer `runMatmulRowsF32` needs for a range of up to `rows` rows of `plan`. */
export function matmulWorkBytes(kernels: GemmExports, plan: WasmMatmulPlan, rows: number = plan.M): number {
  return kernels.sgemm_work_bytes(rows, plan.N, plan.K);
}

/**
 * Computes rows `[r0, r1)` of C for a staged product: `C[r0:r1] = A[r0:r1]·B`. `work` is the
 * byte offset of `matmulWorkBytes(kernels, plan, r1 - r0)` (or more) bytes of scratch that no
 * other thread uses meanwhile. `kernels` may be any instance of the kernels sharing the memory
 * the plan was staged in (a worker's own instance, say).
 */
export function runMatmulRowsF32(kernels: GemmExports, plan: WasmMatmulPlan, r0: number, r1: number, work: number): void {
  if (r1 <= r0) return;
  const { N, K, transA, lda } = plan;
  const a = plan.a + 4 * (transA ? r0 : r0 * lda);
  kernels.sgemm(transA, plan.transB, r1 - r0, N, K, a, lda, plan.b, plan.ldb, plan.c + 4 * r0 * N, N, 0, work);
}

/** Copies the staged product's C into `out` from `outOff` (dense row-major `M×N`). */
export function readMatmulResultF32(rt: WasmRuntime, plan: WasmMatmulPlan, out: Float32Array, outOff: number): void {
  const c = plan.c >> 2;
  out.set(rt.f32.subarray(c, c + plan.M * plan.N), outOff);
}

/**
 * `out[outOff + i·N + j] = Σ_k A(i,k)·B(k,j)` for float32 strided operands, on the calling
 * thread: `A(i,k) = a[aOff + i·aRs + k·aCs]`, `B(k,j) = b[bOff + k·bRs + j·bCs]` (any strides;
 * `K = 0` writes zeros). Sums are float32 (the kernel accumulates in float32 over K slices).
 */
export function wasmMatmulF32(rt: WasmRuntime,
  a: Float32Array, aOff: number, aRs: number, aCs: number,
  b: Float32Array, bOff: number, bRs: number, bCs: number,
  out: Float32Array, outOff: number, M: number, N: number, K: number): void {
  if (M === 0 || N === 0) return;
  const m = mark();
  try {
    const p = stageMatmulF32(rt, a, aOff, aRs, aCs, b, bOff, bRs, bCs, M, N, K);
    const work = scratch(rt, matmulWorkBytes(rt.exports, p));
    runMatmulRowsF32(rt.exports, p, 0, M, work);
    readMatmulResultF32(rt, p, out, outOff);
  } finally {
    release(m);
  }
}
