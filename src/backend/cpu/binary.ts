/**
 * @file CPU loops for two-input elementwise kernels over broadcast (stride-0) views. A
 * contiguous output; one plain loop per kernel.
 */
import type { TypedArray } from '../../core/dtype.js';
import type { BinaryKernel } from '../backend.js';

/** `out[o] = a[pa] ∘ b[pb]` over `count` runs of `len`. */
export type BinaryLoop = (
  a: TypedArray, as: Int32Array, sa: number,
  b: TypedArray, bs: Int32Array, sb: number,
  out: TypedArray, len: number, count: number,
) => void;

export const binaryLoops: { [K in BinaryKernel]: BinaryLoop } = {
  add: (a, as, sa, b, bs, sb, out, len, count) => {
    if (count === 1 && sa === 1 && sb === 1) { const pa = as[0]!, pb = bs[0]!; for (let i = 0; i < len; i++) out[i] = a[pa + i]! + b[pb + i]!; return; }
    for (let r = 0, o = 0; r < count; r++) for (let i = 0, pa = as[r]!, pb = bs[r]!; i < len; i++, pa += sa, pb += sb) out[o++] = a[pa]! + b[pb]!;
  },
  sub: (a, as, sa, b, bs, sb, out, len, count) => {
    for (let r = 0, o = 0; r < count; r++) for (let i = 0, pa = as[r]!, pb = bs[r]!; i < len; i++, pa += sa, pb += sb) out[o++] = a[pa]! - b[pb]!;
  },
  mul: (a, as, sa, b, bs, sb, out, len, count) => {
    if (count === 1 && sa === 1 && sb === 1) { const pa = as[0]!, pb = bs[0]!; for (let i = 0; i < len; i++) out[i] = a[pa + i]! * b[pb + i]!; return; }
    for (let r = 0, o = 0; r < count; r++) for (let i = 0, pa = as[r]!, pb = bs[r]!; i < len; i++, pa += sa, pb += sb) out[o++] = a[pa]! * b[pb]!;
  },
  div: (a, as, sa, b, bs, sb, out, len, count) => {
    for (let r = 0, o = 0; r < count; r++) for (let i = 0, pa = as[r]!, pb = bs[r]!; i < len; i++, pa += sa, pb += sb) out[o++] = a[pa]! / b[pb]!;
  },
  // C's pow, as torch.pow: 1^y = 1 and (-1)^±∞ = 1 for every y, where Math.pow gives NaN.
  pow: (a, as, sa, b, bs, sb, out, len, count) => {
    for (let r = 0, o = 0; r < count; r++) {
      for (let i = 0, pa = as[r]!, pb = bs[r]!; i < len; i++, pa += sa, pb += sb) {
        const x = a[pa]!, y = b[pb]!;
        out[o++] = x === 1 || (x === -1 && (y === Infinity || y === -Infinity)) ? 1 : Math.pow(x, y);
      }
    }
  },
  // NaN propagates, like torch.maximum / torch.minimum.
  maximum: (a, as, sa, b, bs, sb, out, len, count) => {
    for (let r = 0, o = 0; r < count; r++) for (let i = 0, pa = as[r]!, pb = bs[r]!; i < len; i++, pa += sa, pb += sb) { const x = a[pa]!, y = b[pb]!; out[o++] = x > y || x !== x ? x : y; }
  },
  minimum: (a, as, sa, b, bs, sb, out, len, count) => {
    for (let r = 0, o = 0; r < count; r++) for (let i = 0, pa = as[r]!, pb = bs[r]!; i < len; i++, pa += sa, pb += sb) { const x = a[pa]!, y = b[pb]!; out[o++] = x < y || x !== x ? x : y; }
  },
  eq: (a, as, sa, b, bs, sb, out, len, count) => {
    for (let r = 0, o = 0; r < count; r++) for (let i = 0, pa = as[r]!, pb = bs[r]!; i < len; i++, pa += sa, pb += sb) out[o++] = a[pa] === b[pb] ? 1 : 0;
  },
  ne: (a, as, sa, b, bs, sb, out, len, count) => {
    for (let r = 0, o = 0; r < count; r++) for (let i = 0, pa = as[r]!, pb = bs[r]!; i < len; i++, pa += sa, pb += sb) out[o++] = a[pa] !== b[pb] ? 1 : 0;
  },
  lt: (a, as, sa, b, bs, sb, out, len, count) => {
    for (let r = 0, o = 0; r < count; r++) for (let i = 0, pa = as[r]!, pb = bs[r]!; i < len; i++, pa += sa, pb += sb) out[o++] = a[pa]! < b[pb]! ? 1 : 0;
  },
  le: (a, as, sa, b, bs, sb, out, len, count) => {
    for (let r = 0, o = 0; r < count; r++) for (let i = 0, pa = as[r]!, pb = bs[r]!; i < len; i++, pa += sa, pb += sb) out[o++] = a[pa]! <= b[pb]! ? 1 : 0;
  },
  gt: (a, as, sa, b, bs, sb, out, len, count) => {
    for (let r = 0, o = 0; r < count; r++) for (let i = 0, pa = as[r]!, pb = bs[r]!; i < len; i++, pa += sa, pb += sb) out[o++] = a[pa]! > b[pb]! ? 1 : 0;
  },
  ge: (a, as, sa, b, bs, sb, out, len, count) => {
    for (let r = 0, o = 0; r < count; r++) for (let i = 0, pa = as[r]!, pb = bs[r]!; i < len; i++, pa += sa, pb += sb) out[o++] = a[pa]! >= b[pb]! ? 1 : 0;
  },
  logicalAnd: (a, as, sa, b, bs, sb, out, len, count) => {
    for (let r = 0, o = 0; r < count; r++) for (let i = 0, pa = as[r]!, pb = bs[r]!; i < len; i++, pa += sa, pb += sb) out[o++] = a[pa] !== 0 && b[pb] !== 0 ? 1 : 0;
  },
  logicalOr: (a, as, sa, b, bs, sb, out, len, count) => {
    for (let r = 0, o = 0; r < count; r++) for (let i = 0, pa = as[r]!, pb = bs[r]!; i < len; i++, pa += sa, pb += sb) out[o++] = a[pa] !== 0 || b[pb] !== 0 ? 1 : 0;
  },
};
