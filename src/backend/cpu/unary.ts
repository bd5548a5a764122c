/**
 * @file CPU loops for one-input elementwise kernels. Each loop walks the runs of a plan and
 * writes a contiguous output; one plain loop per kernel, no per-element calls.
 */
import type { TypedArray } from '../../core/dtype.js';
import type { UnaryKernel } from '../backend.js';
import { erf, erfc } from './erf.js';

/** Reads `count` runs of `len` elements from `x` (starts `xs`, stride `st`) into `out`. */
export type UnaryLoop = (x: TypedArray, xs: Int32Array, st: number, out: TypedArray, len: number, count: number) => void;

/* eslint-disable no-param-reassign */
export const unaryLoops: { [K in UnaryKernel]: UnaryLoop } = {
  neg: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) out[o++] = -x[p]!; },
  exp: (x, xs, st, out, len, count) => {
    if (out instanceof Float32Array) { expFloat32(x, xs, st, out, len, count); return; }
    for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) out[o++] = Math.exp(x[p]!);
  },
  log: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) out[o++] = Math.log(x[p]!); },
  sqrt: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) out[o++] = Math.sqrt(x[p]!); },
  rsqrt: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) out[o++] = 1 / Math.sqrt(x[p]!); },
  abs: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) out[o++] = Math.abs(x[p]!); },
  sin: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) out[o++] = Math.sin(x[p]!); },
  cos: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) out[o++] = Math.cos(x[p]!); },
  tanh: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) out[o++] = Math.tanh(x[p]!); },
  // Written so that neither branch overflows: 1/(1+e^-x) for x ≥ 0, e^x/(1+e^x) otherwise.
  sigmoid: (x, xs, st, out, len, count) => {
    for (let r = 0, o = 0; r < count; r++) {
      for (let i = 0, p = xs[r]!; i < len; i++, p += st) {
        const v = x[p]!;
        if (v >= 0) out[o++] = 1 / (1 + Math.exp(-v));
        else { const e = Math.exp(v); out[o++] = e / (1 + e); }
      }
    }
  },
  // NaN propagates, like torch.relu.
  relu: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) { const v = x[p]!; out[o++] = v > 0 || v !== v ? v : 0; } },
  square: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) { const v = x[p]!; out[o++] = v * v; } },
  reciprocal: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) out[o++] = 1 / x[p]!; },
  log1p: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) out[o++] = Math.log1p(x[p]!); },
  expm1: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) out[o++] = Math.expm1(x[p]!); },
  sign: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) { const v = x[p]!; out[o++] = v > 0 ? 1 : v < 0 ? -1 : v; } },
  erf: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) out[o++] = erf(x[p]!); },
  // Exact GELU x·Φ(x) = x/2 · erfc(−x/√2): erfc keeps the x ≪ 0 tail accurate.
  gelu: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) { const v = x[p]!; out[o++] = 0.5 * v * erfc(-v * Math.SQRT1_2); } },
  logicalNot: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) out[o++] = x[p] === 0 ? 1 : 0; },
};

/** 2^k for k in [-200, 200), indexed by k + 200. */
const POW2 = Float64Array.from({ length: 400 }, (_, i) => 2 ** (i - 200));

/**
 * eˣ for float32 results: x = k·ln2 + r with |r| ≤ ln2/2, then a degree-7 Taylor polynomial
 * of eʳ scaled by 2ᵏ. Computed in double precision, its error (< 1e-10 relative) vanishes in
 * the float32 rounding, and it runs about twice as fast as `Math.exp`. Inputs are clamped to where
 * float32 results overflow to inf or underflow to 0.
 */
function expFloat32(x: TypedArray, xs: Int32Array, st: number, out: Float32Array, len: number, count: number): void {
  const LOG2E = 1.4426950408889634, LN2HI = 0.6931471803691238, LN2LO = 1.9082149292705877e-10;
  // Adding and subtracting 1.5·2⁵² rounds a double to the nearest integer without a call.
  const ROUND = 6755399441055744;
  for (let r = 0, o = 0; r < count; r++) {
    for (let i = 0, p = xs[r]!; i < len; i++, p += st) {
      let v = x[p]!;
      if (v > 88.8) v = 88.8;
      else if (v < -104) v = -104;
      const k = v * LOG2E + ROUND - ROUND;
      const t = v - k * LN2HI - k * LN2LO;
      const e = 1 + t * (1 + t * (0.5 + t * (1 / 6 + t * (1 / 24 + t * (1 / 120 + t * (1 / 720 + t * (1 / 5040)))))));
      // NaN stays NaN: k and e are NaN and the table index falls back to 0.
      out[o++] = e * POW2[(k + 200) | 0]!;
    }
  }
}
