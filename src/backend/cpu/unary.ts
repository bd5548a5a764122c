/**
 * @file CPU loops for one-input elementwise kernels. Each loop walks the runs of a plan and
 * writes a contiguous output; one plain loop per kernel, no per-element calls.
 */
import type { TypedArray } from '../../core/dtype.js';
import type { UnaryKernel } from '../backend.js';

/** Reads `count` runs of `len` elements from `x` (starts `xs`, stride `st`) into `out`. */
export type UnaryLoop = (x: TypedArray, xs: Int32Array, st: number, out: TypedArray, len: number, count: number) => void;

/* eslint-disable no-param-reassign */
export const unaryLoops: { [K in UnaryKernel]: UnaryLoop } = {
  neg: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) out[o++] = -x[p]!; },
  exp: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) out[o++] = Math.exp(x[p]!); },
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
  logicalNot: (x, xs, st, out, len, count) => { for (let r = 0, o = 0; r < count; r++) for (let i = 0, p = xs[r]!; i < len; i++, p += st) out[o++] = x[p] === 0 ? 1 : 0; },
};
