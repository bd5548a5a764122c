// Row-wise kernels over a row-major rows×cols float32 matrix: row and column sums, row max and
// argmax, softmax / log-softmax and their gradient, cross-entropy against class indices and its
// gradient (signatures in ../exports.ts). Rows need not be 16-byte aligned (unaligned v128
// loads); no kernel reads past the end of a row. exp is vmath.ts's (≤ 1 ulp), applied to
// x − max rounded to float32, as PyTorch does.
//
// Sums are blocked: four f32x4 accumulators (16 running sums) over blocks of at most 1024
// values, block totals added into a second set of accumulators, lanes combined pairwise at the
// end. A row of n values then carries a rounding error of about (64 + n/1024)·ε·Σ|x| instead
// of the n·ε·Σ|x| of a sequential sum.

import { splat, vexp, vexpFast, expFastRange4, vlog, loadTail, storeTail } from './vmath';

/** Values per summation block (a multiple of 16). */
// @ts-ignore: decorator
@inline const BLOCK: i32 = 1024;

/** The sum of the four lanes of v, pairwise. */
@inline function hsum(v: v128): f32 {
  const s = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1);
}

/** The larger of the four lanes of v (pmax: a NaN lane is dropped; callers track NaN). */
@inline function hmax(v: v128): f32 {
  const m = f32x4.pmax(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  const a = f32x4.extract_lane(m, 0), b = f32x4.extract_lane(m, 1);
  return a < b ? b : a;
}

/** Σ of n floats at p, blocked (see the file comment). */
@inline function rowSum(p: usize, n: i32): f32 {
  let t0 = splat(0), t1 = splat(0);
  let i = 0;
  for (; i + 16 <= n;) {
    let a0 = splat(0), a1 = splat(0), a2 = splat(0), a3 = splat(0);
    const stop = min(n & ~15, i + BLOCK);
    for (; i < stop; i += 16) {
      const q = p + (<usize>i << 2);
      a0 = f32x4.add(a0, v128.load(q));
      a1 = f32x4.add(a1, v128.load(q, 16));
      a2 = f32x4.add(a2, v128.load(q, 32));
      a3 = f32x4.add(a3, v128.load(q, 48));
    }
    t0 = f32x4.add(t0, f32x4.add(a0, a1));
    t1 = f32x4.add(t1, f32x4.add(a2, a3));
  }
  let a = splat(0);
  for (; i + 4 <= n; i += 4) a = f32x4.add(a, v128.load(p + (<usize>i << 2)));
  if (i < n) a = f32x4.add(a, loadTail(p + (<usize>i << 2), n - i));
  return hsum(f32x4.add(f32x4.add(t0, t1), a));
}

/** `y[r] = Σ_c x[r, c]`. */
export function sum_rows_f32(x: usize, y: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++, x += stride, y += 4) store<f32>(y, rowSum(x, cols));
}

/**
 * `y[c] = Σ_r x[r, c]`: strips of 16 columns (then 4, then 1) summed down the rows in
 * registers, blocked like the row sums: blocks of 256 rows, block totals added into a second
 * set of accumulators. Every column sees the same order of additions whichever strip holds it.
 */
export function sum_cols_f32(x: usize, y: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  let c = 0;
  for (; c + 16 <= cols; c += 16) {
    let t0 = splat(0), t1 = splat(0), t2 = splat(0), t3 = splat(0);
    let p = x + (<usize>c << 2);
    for (let r = 0; r < rows;) {
      let a0 = splat(0), a1 = splat(0), a2 = splat(0), a3 = splat(0);
      const stop = min(rows, r + 256);
      for (; r < stop; r++, p += stride) {
        a0 = f32x4.add(a0, v128.load(p));
        a1 = f32x4.add(a1, v128.load(p, 16));
        a2 = f32x4.add(a2, v128.load(p, 32));
        a3 = f32x4.add(a3, v128.load(p, 48));
      }
      t0 = f32x4.add(t0, a0); t1 = f32x4.add(t1, a1);
      t2 = f32x4.add(t2, a2); t3 = f32x4.add(t3, a3);
    }
    const q = y + (<usize>c << 2);
    v128.store(q, t0); v128.store(q, t1, 16); v128.store(q, t2, 32); v128.store(q, t3, 48);
  }
  for (; c + 4 <= cols; c += 4) {
    let t = splat(0);
    let p = x + (<usize>c << 2);
    for (let r = 0; r < rows;) {
      let a = splat(0);
      const stop = min(rows, r + 256);
      for (; r < stop; r++, p += stride) a = f32x4.add(a, v128.load(p));
      t = f32x4.add(t, a);
    }
    v128.store(y + (<usize>c << 2), t);
  }
  for (; c < cols; c++) {
    let t: f32 = 0;
    let p = x + (<usize>c << 2);
    for (let r = 0; r < rows;) {
      let a: f32 = 0;
      const stop = min(rows, r + 256);
      for (; r < stop; r++, p += stride) a += load<f32>(p);
      t += a;
    }
    store<f32>(y + (<usize>c << 2), t);
  }
}

/**
 * The max of n floats at p; NaN if any is NaN, -Inf if n is 0. Of −0 and +0 either may be
 * returned (they compare equal).
 */
@inline function rowMax(p: usize, n: i32): f32 {
  let m0 = splat(-Infinity), m1 = m0, m2 = m0, m3 = m0;
  // pmax drops a NaN operand (one instruction where f32x4.max takes several), so NaNs are
  // tracked on the side.
  let nan = splat(0);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const q = p + (<usize>i << 2);
    const v0 = v128.load(q), v1 = v128.load(q, 16), v2 = v128.load(q, 32), v3 = v128.load(q, 48);
    m0 = f32x4.pmax(m0, v0); m1 = f32x4.pmax(m1, v1);
    m2 = f32x4.pmax(m2, v2); m3 = f32x4.pmax(m3, v3);
    nan = v128.or(nan, v128.or(v128.or(f32x4.ne(v0, v0), f32x4.ne(v1, v1)), v128.or(f32x4.ne(v2, v2), f32x4.ne(v3, v3))));
  }
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(p + (<usize>i << 2));
    m0 = f32x4.pmax(m0, v);
    nan = v128.or(nan, f32x4.ne(v, v));
  }
  if (i < n) {
    // Pad with the tail's first value: it cannot change the max.
    let v = f32x4.splat(load<f32>(p + (<usize>i << 2)));
    v = f32x4.replace_lane(v, 1, load<f32>(p + (<usize>min(i + 1, n - 1) << 2)));
    v = f32x4.replace_lane(v, 2, load<f32>(p + (<usize>min(i + 2, n - 1) << 2)));
    m0 = f32x4.pmax(m0, v);
    nan = v128.or(nan, f32x4.ne(v, v));
  }
  if (v128.any_true(nan)) return NaN;
  return hmax(f32x4.pmax(f32x4.pmax(m0, m1), f32x4.pmax(m2, m3)));
}

/** `y[r] = max_c x[r, c]` (NaN if the row holds one, -Inf for an empty row). */
export function max_rows_f32(x: usize, y: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++, x += stride, y += 4) store<f32>(y, rowMax(x, cols));
}

/**
 * e^(x − m) for the n floats at p into q (q may equal p), returning their sum (blocked like
 * `rowSum`); `store` 0 only sums.
 */
@inline function expShiftSum(p: usize, q: usize, n: i32, m: f32, write: bool): f32 {
  const vm = f32x4.splat(m);
  let t0 = splat(0), t1 = splat(0);
  let i = 0;
  for (; i + 16 <= n;) {
    let a0 = splat(0), a1 = splat(0), a2 = splat(0), a3 = splat(0);
    const stop = min(n & ~15, i + BLOCK);
    for (; i < stop; i += 16) {
      const o = <usize>i << 2;
      const x0 = f32x4.sub(v128.load(p + o), vm), x1 = f32x4.sub(v128.load(p + o, 16), vm);
      const x2 = f32x4.sub(v128.load(p + o, 32), vm), x3 = f32x4.sub(v128.load(p + o, 48), vm);
      let e0: v128, e1: v128, e2: v128, e3: v128;
      if (expFastRange4(x0, x1, x2, x3)) {
        e0 = vexpFast(x0); e1 = vexpFast(x1); e2 = vexpFast(x2); e3 = vexpFast(x3);
      } else {
        e0 = vexp(x0); e1 = vexp(x1); e2 = vexp(x2); e3 = vexp(x3);
      }
      if (write) {
        v128.store(q + o, e0); v128.store(q + o, e1, 16);
        v128.store(q + o, e2, 32); v128.store(q + o, e3, 48);
      }
      a0 = f32x4.add(a0, e0); a1 = f32x4.add(a1, e1);
      a2 = f32x4.add(a2, e2); a3 = f32x4.add(a3, e3);
    }
    t0 = f32x4.add(t0, f32x4.add(a0, a1));
    t1 = f32x4.add(t1, f32x4.add(a2, a3));
  }
  let a = splat(0);
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const e = vexp(f32x4.sub(v128.load(p + o), vm));
    if (write) v128.store(q + o, e);
    a = f32x4.add(a, e);
  }
  if (i < n) {
    const o = <usize>i << 2;
    // Padding lanes hold e^(−Inf) = 0, which leaves the sum alone.
    const r = n - i;
    let v = f32x4.sub(loadTail(p + o, r), vm);
    v = v128.bitselect(v, splat(-Infinity), tailMask(r));
    const e = vexp(v);
    if (write) storeTail(q + o, e, r);
    a = f32x4.add(a, e);
  }
  return hsum(f32x4.add(f32x4.add(t0, t1), a));
}

/** All-ones in the first r (1 to 3) lanes. */
@inline function tailMask(r: i32): v128 {
  return i32x4.gt_s(i32x4.splat(r), i32x4(0, 1, 2, 3));
}

/** q[i] = p[i]·s for n floats (q may equal p). */
@inline function scaleRow(p: usize, q: usize, n: i32, s: f32): void {
  const vs = f32x4.splat(s);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const o = <usize>i << 2;
    v128.store(q + o, f32x4.mul(v128.load(p + o), vs));
    v128.store(q + o, f32x4.mul(v128.load(p + o, 16), vs), 16);
    v128.store(q + o, f32x4.mul(v128.load(p + o, 32), vs), 32);
    v128.store(q + o, f32x4.mul(v128.load(p + o, 48), vs), 48);
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(q + o, f32x4.mul(v128.load(p + o), vs));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(q + o, load<f32>(p + o) * s);
  }
}

/** q[i] = (p[i] − m) − l for n floats (q may equal p); x − m is exact near the max. */
@inline function shiftRow(p: usize, q: usize, n: i32, m: f32, l: f32): void {
  const vm = f32x4.splat(m), vl = f32x4.splat(l);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const o = <usize>i << 2;
    v128.store(q + o, f32x4.sub(f32x4.sub(v128.load(p + o), vm), vl));
    v128.store(q + o, f32x4.sub(f32x4.sub(v128.load(p + o, 16), vm), vl), 16);
    v128.store(q + o, f32x4.sub(f32x4.sub(v128.load(p + o, 32), vm), vl), 32);
    v128.store(q + o, f32x4.sub(f32x4.sub(v128.load(p + o, 48), vm), vl), 48);
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(q + o, f32x4.sub(f32x4.sub(v128.load(p + o), vm), vl));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(q + o, (load<f32>(p + o) - m) - l);
  }
}

/**
 * Softmax (`log` 0) or log-softmax (`log` 1) of each row: m = max (0 when the max is -Inf or
 * NaN, as the JS loop does), s = Σ e^(x − m); softmax stores e^(x − m) then scales it by 1/s,
 * log-softmax stores x − (m + ln s) (its exps are only summed). y may equal x.
 */
export function softmax_rows_f32(x: usize, y: usize, rows: i32, cols: i32, log: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++, x += stride, y += stride) {
    let m = rowMax(x, cols);
    if (m == -Infinity || m != m) m = 0;
    if (log) {
      const s = expShiftSum(x, y, cols, m, false);
      shiftRow(x, y, cols, m, f32x4.extract_lane(vlog(f32x4.splat(s)), 0));
    } else {
      const s = expShiftSum(x, y, cols, m, true);
      scaleRow(y, y, cols, <f32>1 / s);
    }
  }
}

/**
 * Gradient of `softmax_rows_f32` from its output y and output gradient gy, per row:
 * softmax gx = y·(gy − Σ gy·y), log-softmax gx = gy − e^y·Σ gy. gx may equal y or gy.
 */
export function softmax_rows_backward_f32(y: usize, gy: usize, gx: usize, rows: i32, cols: i32, log: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++, y += stride, gy += stride, gx += stride) {
    if (log) {
      const vs = f32x4.splat(rowSum(gy, cols));
      let i = 0;
      for (; i + 4 <= cols; i += 4) {
        const o = <usize>i << 2;
        v128.store(gx + o, f32x4.sub(v128.load(gy + o), f32x4.mul(vexp(v128.load(y + o)), vs)));
      }
      if (i < cols) {
        const o = <usize>i << 2, k = cols - i;
        storeTail(gx + o, f32x4.sub(loadTail(gy + o, k), f32x4.mul(vexp(loadTail(y + o, k)), vs)), k);
      }
    } else {
      const vs = f32x4.splat(rowDot(y, gy, cols));
      let i = 0;
      for (; i + 4 <= cols; i += 4) {
        const o = <usize>i << 2;
        const v = v128.load(y + o);
        v128.store(gx + o, f32x4.mul(v, f32x4.sub(v128.load(gy + o), vs)));
      }
      for (; i < cols; i++) {
        const o = <usize>i << 2;
        const v = load<f32>(y + o);
        store<f32>(gx + o, v * (load<f32>(gy + o) - f32x4.extract_lane(vs, 0)));
      }
    }
  }
}

/** Σ p[i]·q[i] over n floats, blocked like `rowSum`. */
@inline function rowDot(p: usize, q: usize, n: i32): f32 {
  let t0 = splat(0), t1 = splat(0);
  let i = 0;
  for (; i + 16 <= n;) {
    let a0 = splat(0), a1 = splat(0), a2 = splat(0), a3 = splat(0);
    const stop = min(n & ~15, i + BLOCK);
    for (; i < stop; i += 16) {
      const o = <usize>i << 2;
      a0 = f32x4.add(a0, f32x4.mul(v128.load(p + o), v128.load(q + o)));
      a1 = f32x4.add(a1, f32x4.mul(v128.load(p + o, 16), v128.load(q + o, 16)));
      a2 = f32x4.add(a2, f32x4.mul(v128.load(p + o, 32), v128.load(q + o, 32)));
      a3 = f32x4.add(a3, f32x4.mul(v128.load(p + o, 48), v128.load(q + o, 48)));
    }
    t0 = f32x4.add(t0, f32x4.add(a0, a1));
    t1 = f32x4.add(t1, f32x4.add(a2, a3));
  }
  let a = splat(0);
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    a = f32x4.add(a, f32x4.mul(v128.load(p + o), v128.load(q + o)));
  }
  if (i < n) {
    const o = <usize>i << 2;
    a = f32x4.add(a, f32x4.mul(loadTail(p + o, n - i), loadTail(q + o, n - i)));
  }
  return hsum(f32x4.add(f32x4.add(t0, t1), a));
}

/** The index of the first of the n floats at p equal to v (NaN: the first NaN), or -1. */
@inline function firstIndexOf(p: usize, n: i32, v: f32): i32 {
  const isNaN = v != v;
  const vv = f32x4.splat(v);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x = v128.load(p + (<usize>i << 2));
    const hit = i32x4.bitmask(isNaN ? f32x4.ne(x, x) : f32x4.eq(x, vv));
    if (hit) return i + ctz(hit);
  }
  for (; i < n; i++) {
    const x = load<f32>(p + (<usize>i << 2));
    if (isNaN ? x != x : x == v) return i;
  }
  return -1;
}

/**
 * `y[r]` (int32) = the index of the largest value of row r, the first one on ties; a row
 * holding NaN gives its first NaN (NaN counts as the largest, as in PyTorch); -1 for empty rows.
 */
export function argmax_rows_f32(x: usize, y: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++, x += stride, y += 4) store<i32>(y, firstIndexOf(x, cols, rowMax(x, cols)));
}

/**
 * Cross-entropy of each row of logits against an int32 class index:
 * `losses[r] = log Σ_c e^(x[r,c]) − x[r, t[r]]`, computed as (m − x[r,t]) + ln Σ e^(x − m)
 * with m the row max. A target outside [0, cols) (an ignored row, e.g. ignore_index −100)
 * gives loss 0. NaN in a row gives NaN.
 */
export function cross_entropy_rows_f32(x: usize, targets: usize, losses: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++, x += stride, targets += 4, losses += 4) {
    const t = load<i32>(targets);
    if (<u32>t >= <u32>cols) {
      store<f32>(losses, 0);
      continue;
    }
    const m = rowMax(x, cols);
    const xt = load<f32>(x + (<usize>t << 2));
    let loss: f32;
    if (m != m || m == -Infinity) loss = NaN; // a NaN row; a row of −Inf (−Inf + Inf)
    else if (m == Infinity) loss = xt == Infinity ? <f32>NaN : <f32>Infinity;
    else {
      const s = expShiftSum(x, x, cols, m, false);
      loss = (m - xt) + f32x4.extract_lane(vlog(f32x4.splat(s)), 0);
    }
    store<f32>(losses, loss);
  }
}

/**
 * Gradient of `cross_entropy_rows_f32` from the logits and the loss gradient per row `gl`:
 * `gx[r, c] = gl[r]·(softmax(x[r])[c] − [c = t[r]])`; 0 for an ignored row. gx may equal x.
 */
export function cross_entropy_rows_backward_f32(x: usize, targets: usize, gl: usize, gx: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++, x += stride, gx += stride, targets += 4, gl += 4) {
    const t = load<i32>(targets);
    const g = load<f32>(gl);
    if (<u32>t >= <u32>cols) {
      memory.fill(gx, 0, stride);
      continue;
    }
    let m = rowMax(x, cols);
    if (m == -Infinity || m != m) m = 0;
    const s = expShiftSum(x, gx, cols, m, true);
    scaleRow(gx, gx, cols, g / s);
    const o = gx + (<usize>t << 2);
    store<f32>(o, load<f32>(o) - g);
  }
}
