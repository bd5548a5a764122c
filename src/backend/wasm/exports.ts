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

/**
 * Vectorised float32 math (`assembly/math.ts`): `y[i] = f(x[i])` for `n` values, within 2 ulp
 * of the float64 result rounded to float32 over the whole float range (measured maxima: exp
 * 1, log 1, tanh 1, sigmoid 1, erf 1, gelu 1 ulp), subnormals included. A value's result does
 * not depend on its position or its neighbours. NaN gives NaN.
 */
export interface MathExports {
  /** eˣ: Inf past 88.72…, subnormal results down to 2⁻¹⁴⁹ (not flushed), 0 below. */
  exp_f32(x: number, y: number, n: number): void;
  /** ln x: log(±0) = −Inf, log(x < 0) = NaN, log(Inf) = Inf; exact for subnormals. */
  log_f32(x: number, y: number, n: number): void;
  /** tanh x: tanh(±0) = ±0, tanh x = x for tiny x, ±1 from |x| ≥ 9.01 on. */
  tanh_f32(x: number, y: number, n: number): void;
  /** 1/(1 + e⁻ˣ): σ(x) follows eˣ into the subnormals for x → −∞; σ(−Inf) = 0, σ(Inf) = 1. */
  sigmoid_f32(x: number, y: number, n: number): void;
  /** erf x: ±1 from |x| ≥ 3.92 on, erf(±0) = ±0. */
  erf_f32(x: number, y: number, n: number): void;
  /** Exact GELU, `x·Φ(x)` (computed in float64): gelu(−Inf) = −0 (the limit), gelu(Inf) = Inf. */
  gelu_f32(x: number, y: number, n: number): void;
}

/**
 * Row-wise kernels over a row-major `rows×cols` float32 matrix (`assembly/rows.ts`). Rows
 * need not be 16-byte aligned. Sums are blocked (16 running sums over blocks of 1024 values,
 * block totals summed apart): error about (64 + n/1024)·ε·Σ|x| for a row of n.
 */
export interface RowExports {
  /** `y[r] = Σ_c x[r, c]`. */
  sum_rows_f32(x: number, y: number, rows: number, cols: number): void;
  /** `y[c] = Σ_r x[r, c]` (bias gradients), blocked by 256 rows. */
  sum_cols_f32(x: number, y: number, rows: number, cols: number): void;
  /** `y[r] = max_c x[r, c]` (NaN if the row holds one, −Inf for an empty row). */
  max_rows_f32(x: number, y: number, rows: number, cols: number): void;
  /**
   * `y[r]` (int32) = the index of the first largest value of row r; a row holding NaN gives
   * its first NaN (as PyTorch); −1 for an empty row.
   */
  argmax_rows_f32(x: number, y: number, rows: number, cols: number): void;
  /**
   * Softmax (`log` 0) or log-softmax (`log` 1) of each row, numerically stable: m = the row
   * max (0 when it is −Inf or NaN, as the JS loop), e^(x − m) with x − m in float32 (as
   * PyTorch), softmax scaled by 1/Σ, log-softmax `(x − m) − ln Σ`. y may equal x.
   */
  softmax_rows_f32(x: number, y: number, rows: number, cols: number, log: number): void;
  /**
   * Gradient of the above from its output `y` and output gradient `gy`:
   * softmax `gx = y·(gy − Σ gy·y)`, log-softmax `gx = gy − exp(y)·Σ gy`. gx may equal y or gy.
   */
  softmax_rows_backward_f32(y: number, gy: number, gx: number, rows: number, cols: number, log: number): void;
  /**
   * Cross-entropy of each row of logits against int32 class indices at `targets`:
   * `losses[r] = log Σ_c e^(x[r,c]) − x[r, t[r]]`. A target outside [0, cols) (ignore_index)
   * gives loss 0; a NaN row gives NaN.
   */
  cross_entropy_rows_f32(x: number, targets: number, losses: number, rows: number, cols: number): void;
  /**
   * Its gradient from the logits and the loss gradient per row `gl` (float32 × rows):
   * `gx[r, c] = gl[r]·(softmax(x[r])[c] − [c = t[r]])`, 0 for an ignored row. gx may equal x.
   */
  cross_entropy_rows_backward_f32(x: number, targets: number, gl: number, gx: number, rows: number, cols: number): void;
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

/**
 * Float32 elementwise kernels of one and two inputs (`assembly/binary.ts`), bitwise equal to
 * the JS loops of `cpu/binary.ts` and `cpu/unary.ts`. Each walks `count` runs of `len`
 * elements and writes them contiguously to `out`: run `r` of operand `a` starts at element
 * `i32[as/4 + r]` counted from byte offset `a` (pointers here may be unaligned and the start
 * arithmetic wraps, so `a` may lie below the staged data) and steps `sa` elements (0 for a
 * broadcast value); likewise `b`. Op codes: arithmetic 0 add, 1 sub, 2 mul, 3 div,
 * 4 maximum, 5 minimum; comparisons 0 eq, 1 ne, 2 lt, 3 le, 4 gt, 5 ge; unary 0 relu,
 * 1 neg, 2 abs, 3 square, 4 sqrt, 5 reciprocal.
 */
export interface BinaryExports {
  /** `out = a ∘ b`, float32. */
  binary_f32(op: number, a: number, sa: number, as: number, b: number, sb: number, bs: number, out: number, len: number, count: number): void;
  /** `out = a ∘ b ? 1 : 0` as bytes, float32 operands. */
  compare_f32(op: number, a: number, sa: number, as: number, b: number, sb: number, bs: number, out: number, len: number, count: number): void;
  /** `out = a · b` for float32 `a` and bytes `b` (bool), float32 out. */
  mul_f32_u8(a: number, sa: number, as: number, b: number, sb: number, bs: number, out: number, len: number, count: number): void;
  /** `out = f(x)`, float32. */
  unary_f32(op: number, x: number, sx: number, xs: number, out: number, len: number, count: number): void;
}

/** Image patches of one float32 image (`assembly/unfold.ts`); strides in elements. */
export interface UnfoldExports {
  im2col_f32(x: number, out: number, C: number, H: number, W: number, sC: number, sH: number, sW: number,
    kh: number, kw: number, sh: number, sw: number, ph: number, pw: number, dh: number, dw: number, oh: number, ow: number, pad: number): void;
  /** Adds the columns into the zeroed image `[C, H, W]` at `out`. */
  col2im_f32(cols: number, out: number, C: number, H: number, W: number, s1: number, s2: number,
    kh: number, kw: number, sh: number, sw: number, ph: number, pw: number, dh: number, dw: number, oh: number, ow: number): void;
}

/** Float32 max pooling (`assembly/pool.ts`); plane indices are int32 `r·W + c`. */
export interface PoolExports {
  /** 2×2 windows of stride 2, no padding: `planes` contiguous `H×W` planes → `oh×ow` maxima and indices. */
  maxpool2x2_f32(x: number, y: number, idx: number, planes: number, H: number, W: number, oh: number, ow: number): void;
  /** Adds `per` gradients per plane into zeroed `HW`-element planes at their indices; -1, or the position of the first bad index. */
  maxpool_backward_f32(g: number, idx: number, out: number, planes: number, per: number, HW: number): number;
}

/** Every exported kernel. */
export type KernelExports = GemmExports & MathExports & RowExports & OptimExports & UnfoldExports & BinaryExports & PoolExports;
