/**
 * @file Float32 math and row-wise softmax on the WebAssembly SIMD kernels (`assembly/math.ts`,
 * `assembly/rows.ts`), for contiguous data in ordinary typed arrays.
 *
 * Each call streams its input through one bounded scratch block of WebAssembly memory: copy a
 * chunk in, compute in place, copy it out. The block stays in the L1/L2 cache, so the two
 * copies run at memcpy speed and the result does not depend on the chunk size (every kernel
 * computes each value, or each row, on its own).
 */
import { mark, release, scratch, type WasmRuntime } from './runtime.js';
import { shareRows } from './share-rows.js';

/** The elementwise functions of `assembly/math.ts`. */
export type WasmUnaryOp = 'exp' | 'log' | 'tanh' | 'sigmoid' | 'erf' | 'gelu';

/**
 * Floats per staged chunk (64 KiB): the best of 4 Ki to 64 Ki floats for `exp` on 1M floats
 * end to end, measured with scripts like those in docs/performance.md.
 */
export const UNARY_CHUNK = 16384;

/** Floats per staged block of whole rows for the softmax kernels (one row at least). */
export const ROWS_CHUNK = 16384;

function kernelOf(rt: WasmRuntime, op: WasmUnaryOp): (x: number, y: number, n: number) => void {
  const k = rt.exports;
  switch (op) {
    case 'exp': return k.exp_f32;
    case 'log': return k.log_f32;
    case 'tanh': return k.tanh_f32;
    case 'sigmoid': return k.sigmoid_f32;
    case 'erf': return k.erf_f32;
    case 'gelu': return k.gelu_f32;
  }
}

/**
 * `out[outOff + i] = f(src[srcOff + i])` for `i < n`, with `f` one of {@link WasmUnaryOp}
 * (`gelu` is the exact `x·Φ(x)`), each within 2 ulp of the float64 result rounded to float32.
 * `out` may be `src` (same offsets: in place).
 */
export function wasmUnaryF32(rt: WasmRuntime, op: WasmUnaryOp, src: Float32Array, srcOff: number, n: number,
  out: Float32Array, outOff: number): void {
  if (n <= 0) return;
  const kernel = kernelOf(rt, op);
  // Large inputs: a worker takes the last part (as rows of one element).
  const share = shareRows(rt, `${op}_f32`, (x, y, count) => [x, y, count], src, srcOff, n, 1, out, outOff);
  const mine = share === null ? n : share.split;
  const m = mark(rt);
  try {
    const chunk = Math.min(mine, UNARY_CHUNK);
    const p = scratch(rt, chunk * 4);
    const mem = rt.f32; // after scratch(), which may grow the memory
    const q = p >> 2;
    for (let i = 0; i < mine; i += chunk) {
      const len = Math.min(chunk, mine - i);
      mem.set(src.subarray(srcOff + i, srcOff + i + len), q);
      kernel(p, p, len);
      out.set(mem.subarray(q, q + len), outOff + i);
    }
  } finally {
    release(rt, m);
    share?.finish();
  }
}

/** Rows per staged block: as many as fit in {@link ROWS_CHUNK} floats, one at least. */
function rowsPerBlock(rows: number, cols: number): number {
  return Math.max(1, Math.min(rows, Math.floor(ROWS_CHUNK / cols)));
}

/**
 * Softmax (`log` false) or log-softmax (`log` true) of each row of the row-major
 * `rows×cols` matrix at `src[srcOff…]`, into `out[outOff…]` (the same layout). Numerically
 * stable (the row max is subtracted); a row holding NaN gives NaN, a row of -Inf gives NaN
 * (0/0), as the JS loop in `cpu/reduce.ts`.
 */
export function wasmSoftmaxRowsF32(rt: WasmRuntime, src: Float32Array, srcOff: number, rows: number, cols: number,
  out: Float32Array, log: boolean, outOff = 0): void {
  if (rows <= 0 || cols <= 0) return;
  const flag = log ? 1 : 0;
  const share = shareRows(rt, 'softmax_rows_f32', (x, y, count) => [x, y, count, cols, flag], src, srcOff, rows, cols, out, outOff);
  const mine = share === null ? rows : share.split;
  const m = mark(rt);
  try {
    const block = rowsPerBlock(mine, cols);
    const p = scratch(rt, block * cols * 4);
    const mem = rt.f32;
    const q = p >> 2;
    for (let r = 0; r < mine; r += block) {
      const nr = Math.min(block, mine - r), len = nr * cols, at = r * cols;
      mem.set(src.subarray(srcOff + at, srcOff + at + len), q);
      rt.exports.softmax_rows_f32(p, p, nr, cols, flag);
      out.set(mem.subarray(q, q + len), outOff + at);
    }
  } finally {
    release(rt, m);
    share?.finish();
  }
}

/**
 * Gradient of {@link wasmSoftmaxRowsF32} from its output `y` and the output gradient `gy`
 * (both `rows×cols`, row-major), into `out[outOff…]`: softmax `gx = y·(gy − Σ gy·y)`,
 * log-softmax `gx = gy − exp(y)·Σ gy`, per row. `out` may be `gy` or `y`.
 */
export function wasmSoftmaxRowsBackwardF32(rt: WasmRuntime, y: Float32Array, yOff: number, gy: Float32Array, gyOff: number,
  rows: number, cols: number, out: Float32Array, log: boolean, outOff = 0): void {
  if (rows <= 0 || cols <= 0) return;
  const m = mark(rt);
  try {
    const block = rowsPerBlock(rows, cols);
    const py = scratch(rt, block * cols * 4);
    const pg = scratch(rt, block * cols * 4);
    const mem = rt.f32;
    const qy = py >> 2, qg = pg >> 2;
    for (let r = 0; r < rows; r += block) {
      const nr = Math.min(block, rows - r), len = nr * cols, at = r * cols;
      mem.set(y.subarray(yOff + at, yOff + at + len), qy);
      mem.set(gy.subarray(gyOff + at, gyOff + at + len), qg);
      rt.exports.softmax_rows_backward_f32(py, pg, pg, nr, cols, log ? 1 : 0);
      out.set(mem.subarray(qg, qg + len), outOff + at);
    }
  } finally {
    release(rt, m);
  }
}

/**
 * A per-row reduction of the row-major `rows×cols` matrix at `src[srcOff…]`, one output
 * value per row into `out[outOff…]`, staged by blocks of whole rows.
 */
function perRow<T extends Float32Array | Int32Array>(rt: WasmRuntime, src: Float32Array, srcOff: number, rows: number, cols: number,
  out: T, outOff: number, kernel: (x: number, y: number, rows: number) => void): void {
  if (rows <= 0) return;
  const m = mark(rt);
  try {
    const block = cols > 0 ? rowsPerBlock(rows, cols) : rows;
    const p = scratch(rt, block * cols * 4);
    const py = scratch(rt, block * 4);
    const mem = rt.f32;
    const view = (out instanceof Int32Array ? rt.i32 : mem) as T;
    const q = p >> 2, qy = py >> 2;
    for (let r = 0; r < rows; r += block) {
      const nr = Math.min(block, rows - r), at = r * cols;
      mem.set(src.subarray(srcOff + at, srcOff + at + nr * cols), q);
      kernel(p, py, nr);
      out.set(view.subarray(qy, qy + nr), outOff + r);
    }
  } finally {
    release(rt, m);
  }
}

/** `out[outOff + r] = Σ_c src[srcOff + r·cols + c]` (blocked float32 sums, see `RowExports`). */
export function wasmSumRowsF32(rt: WasmRuntime, src: Float32Array, srcOff: number, rows: number, cols: number,
  out: Float32Array, outOff = 0): void {
  perRow(rt, src, srcOff, rows, cols, out, outOff, (x, y, n) => rt.exports.sum_rows_f32(x, y, n, cols));
}

/** `out[outOff + r] = max_c src[srcOff + r·cols + c]`: NaN if the row holds one, −Inf if empty. */
export function wasmMaxRowsF32(rt: WasmRuntime, src: Float32Array, srcOff: number, rows: number, cols: number,
  out: Float32Array, outOff = 0): void {
  perRow(rt, src, srcOff, rows, cols, out, outOff, (x, y, n) => rt.exports.max_rows_f32(x, y, n, cols));
}

/** `out[outOff + r]` = index of the first largest value of row r (a NaN counts as largest). */
export function wasmArgmaxRowsF32(rt: WasmRuntime, src: Float32Array, srcOff: number, rows: number, cols: number,
  out: Int32Array, outOff = 0): void {
  perRow(rt, src, srcOff, rows, cols, out, outOff, (x, y, n) => rt.exports.argmax_rows_f32(x, y, n, cols));
}

/**
 * `out[outOff + c] = Σ_r src[srcOff + r·cols + c]` (bias gradients): blocks of whole rows
 * are summed by the kernel, the block sums added here in float32.
 */
export function wasmSumColsF32(rt: WasmRuntime, src: Float32Array, srcOff: number, rows: number, cols: number,
  out: Float32Array, outOff = 0): void {
  if (cols <= 0) return;
  const m = mark(rt);
  try {
    const block = Math.max(1, rowsPerBlock(Math.max(rows, 1), cols));
    const p = scratch(rt, block * cols * 4);
    const py = scratch(rt, cols * 4);
    const acc = scratch(rt, cols * 4);
    const mem = rt.f32;
    const q = p >> 2, qy = py >> 2, qa = acc >> 2;
    mem.fill(0, qa, qa + cols);
    for (let r = 0; r < rows; r += block) {
      const nr = Math.min(block, rows - r), at = r * cols;
      mem.set(src.subarray(srcOff + at, srcOff + at + nr * cols), q);
      rt.exports.sum_cols_f32(p, py, nr, cols);
      if (r === 0) mem.copyWithin(qa, qy, qy + cols);
      else for (let c = 0; c < cols; c++) mem[qa + c] = mem[qa + c]! + mem[qy + c]!;
    }
    out.set(mem.subarray(qa, qa + cols), outOff);
  } finally {
    release(rt, m);
  }
}

/**
 * Cross-entropy of each row of the `rows×cols` logits at `src[srcOff…]` against the class
 * indices `targets[tOff + r]`: `losses[lossOff + r] = log Σ_c e^(x[r,c]) − x[r, t]`, stable.
 * A target outside [0, cols) (PyTorch's ignore_index) gives 0.
 */
export function wasmCrossEntropyRowsF32(rt: WasmRuntime, src: Float32Array, srcOff: number, targets: Int32Array, tOff: number,
  rows: number, cols: number, losses: Float32Array, lossOff = 0): void {
  if (rows <= 0) return;
  const m = mark(rt);
  try {
    const block = cols > 0 ? rowsPerBlock(rows, cols) : rows;
    const p = scratch(rt, block * cols * 4);
    const pt = scratch(rt, block * 4);
    const pl = scratch(rt, block * 4);
    const mem = rt.f32, imem = rt.i32;
    const q = p >> 2, qt = pt >> 2, ql = pl >> 2;
    for (let r = 0; r < rows; r += block) {
      const nr = Math.min(block, rows - r), at = r * cols;
      mem.set(src.subarray(srcOff + at, srcOff + at + nr * cols), q);
      imem.set(targets.subarray(tOff + r, tOff + r + nr), qt);
      rt.exports.cross_entropy_rows_f32(p, pt, pl, nr, cols);
      losses.set(mem.subarray(ql, ql + nr), lossOff + r);
    }
  } finally {
    release(rt, m);
  }
}

/**
 * Gradient of {@link wasmCrossEntropyRowsF32} with respect to the logits, from the loss
 * gradient per row `gl[glOff + r]` (for a mean over N rows, 1/N each):
 * `out[r, c] = gl[r]·(softmax(x[r])[c] − [c = t[r]])`, 0 for an ignored row.
 */
export function wasmCrossEntropyRowsBackwardF32(rt: WasmRuntime, src: Float32Array, srcOff: number, targets: Int32Array, tOff: number,
  gl: Float32Array, glOff: number, rows: number, cols: number, out: Float32Array, outOff = 0): void {
  if (rows <= 0 || cols <= 0) return;
  const m = mark(rt);
  try {
    const block = rowsPerBlock(rows, cols);
    const p = scratch(rt, block * cols * 4);
    const pt = scratch(rt, block * 4);
    const pg = scratch(rt, block * 4);
    const mem = rt.f32, imem = rt.i32;
    const q = p >> 2, qt = pt >> 2, qg = pg >> 2;
    for (let r = 0; r < rows; r += block) {
      const nr = Math.min(block, rows - r), len = nr * cols, at = r * cols;
      mem.set(src.subarray(srcOff + at, srcOff + at + len), q);
      imem.set(targets.subarray(tOff + r, tOff + r + nr), qt);
      mem.set(gl.subarray(glOff + r, glOff + r + nr), qg);
      rt.exports.cross_entropy_rows_backward_f32(p, pt, pg, p, nr, cols);
      out.set(mem.subarray(q, q + len), outOff + at);
    }
  } finally {
    release(rt, m);
  }
}
