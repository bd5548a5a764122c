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

/**
 * Fused optimizer updates (`assembly/optim.ts`), one pass over a parameter, its gradient and
 * its state, bitwise equal to the float32 tensor ops of `src/optim/*.ts`. Each processes
 * ⌈n/4⌉·4 elements (pad the buffers; the extra lanes are garbage). Flag bits as documented per kernel.
 */
export interface OptimExports {
  /** SGD. Flags: 1 maximize, 2 weight decay, 4 momentum, 8 first momentum step (`buf = d`), 16 Nesterov. */
  sgd_f32(p: number, g: number, buf: number, n: number, negLr: number, weightDecay: number,
    momentum: number, dampening1: number, flags: number): void;
  /** Adam / AdamW. Flags: 1 maximize, 2 L2 weight decay, 4 decoupled decay (`p *= decay`), 8 AMSGrad. */
  adam_f32(p: number, g: number, m: number, v: number, vmax: number, n: number,
    beta1: number, c1: number, beta2: number, c2: number, negStepSize: number, bc2Sqrt: number,
    eps: number, weightDecay: number, decay: number, flags: number): void;
  /** RMSprop. Flags: 1 maximize, 2 weight decay, 4 centered (uses `ga`), 8 momentum (uses `buf`). */
  rmsprop_f32(p: number, g: number, v: number, ga: number, buf: number, n: number,
    alpha: number, c: number, eps: number, weightDecay: number, momentum: number, negLr: number, flags: number): void;
  /** Adagrad. Flags: 1 maximize, 2 weight decay. */
  adagrad_f32(p: number, g: number, s: number, n: number, negClr: number, eps: number,
    weightDecay: number, flags: number): void;
}

/** Image patches of one float32 image (`assembly/unfold.ts`); strides in elements. */
export interface UnfoldExports {
  im2col_f32(x: number, out: number, C: number, H: number, W: number, sC: number, sH: number, sW: number,
    kh: number, kw: number, sh: number, sw: number, ph: number, pw: number, dh: number, dw: number, oh: number, ow: number, pad: number): void;
  /** Adds the columns into the zeroed image `[C, H, W]` at `out`. */
  col2im_f32(cols: number, out: number, C: number, H: number, W: number, s1: number, s2: number,
    kh: number, kw: number, sh: number, sw: number, ph: number, pw: number, dh: number, dw: number, oh: number, ow: number): void;
}

/** Every exported kernel. */
export type KernelExports = GemmExports & MathExports & RowExports & OptimExports & UnfoldExports & {
  scale_f32(x: number, y: number, n: number, s: number): void;
};
