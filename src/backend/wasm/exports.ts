/**
 * @file The signatures of the WebAssembly kernels (`assembly/*.ts`), as the TypeScript side
 * calls them. Pointers are byte offsets into the kernels' memory (16-byte aligned unless
 * said otherwise); counts are elements; flags are 0 or 1. `y` may equal `x` (in place).
 */

/** Matrix product (`assembly/gemm.ts`). */
export interface GemmExports {
  /**
   * `C = A·B` (`beta` 0) or `C += A·B` (`beta` 1) for float32, C row-major `M×N` with row
   * stride `ldc`. `A(i,k)` is `a[i·lda + k]`, or `a[k·lda + i]` when `transA`; `B(k,j)` is
   * `b[k·ldb + j]`, or `b[j·ldb + k]` when `transB`. `work` points at
   * `sgemm_work_bytes(M, N, K)` bytes of scratch.
   */
  sgemm(transA: number, transB: number, M: number, N: number, K: number, a: number, lda: number,
    b: number, ldb: number, c: number, ldc: number, beta: number, work: number): void;
  /** Scratch bytes `sgemm` needs for these sizes. */
  sgemm_work_bytes(M: number, N: number, K: number): number;
}

/** Vectorised float32 math (`assembly/math.ts`): `y[i] = f(x[i])`, ≤ 2 ulp from float64. */
export interface MathExports {
  exp_f32(x: number, y: number, n: number): void;
  log_f32(x: number, y: number, n: number): void;
  tanh_f32(x: number, y: number, n: number): void;
  sigmoid_f32(x: number, y: number, n: number): void;
  erf_f32(x: number, y: number, n: number): void;
  /** Exact GELU, `x·Φ(x)`. */
  gelu_f32(x: number, y: number, n: number): void;
}

/** Row-wise kernels over a row-major `rows×cols` float32 matrix (`assembly/rows.ts`). */
export interface RowExports {
  /** `y[r] = Σ_c x[r, c]`. */
  sum_rows_f32(x: number, y: number, rows: number, cols: number): void;
  /** `y[c] = Σ_r x[r, c]` (bias gradients). */
  sum_cols_f32(x: number, y: number, rows: number, cols: number): void;
  /** `y[r] = max_c x[r, c]` (NaN if the row holds one). */
  max_rows_f32(x: number, y: number, rows: number, cols: number): void;
  /** Softmax (`log` 0) or log-softmax (`log` 1) of each row, numerically stable. */
  softmax_rows_f32(x: number, y: number, rows: number, cols: number, log: number): void;
  /**
   * Gradient of the above from its output `y` and output gradient `gy`:
   * softmax `gx = y·(gy − Σ gy·y)`, log-softmax `gx = gy − exp(y)·Σ gy`.
   */
  softmax_rows_backward_f32(y: number, gy: number, gx: number, rows: number, cols: number, log: number): void;
}

/** Every exported kernel. */
export type KernelExports = GemmExports & MathExports & RowExports & {
  scale_f32(x: number, y: number, n: number, s: number): void;
};
