/**
 * @file CPU im2col and col2im (unfold and fold of image patches) as plain loops over typed
 * arrays. For each kernel column the range of block columns that land inside the image is
 * computed once, so the inner loops run without bounds checks.
 */
import { allocTyped, type TypedArray } from '../../core/dtype.js';
import { ShapeError, fmtShape } from '../../core/errors.js';
import type { Im2colGeometry, View } from '../backend.js';
import type { CpuStorage } from './storage.js';

const dataOf = (v: View): TypedArray => (v.storage as CpuStorage).data;

/**
 * For kernel column `b`, the block columns `[lo[b], hi[b])` whose image column
 * `j·sw - pw + b·dw` lies in `[0, W)`.
 */
function columnRanges(g: Im2colGeometry): [Int32Array, Int32Array] {
  const kw = g.kernel[1], W = g.size[1], ow = g.blocks[1];
  const sw = g.stride[1], pw = g.padding[1], dw = g.dilation[1];
  const lo = new Int32Array(kw), hi = new Int32Array(kw);
  for (let b = 0; b < kw; b++) {
    const shift = pw - b * dw;
    const first = Math.max(0, Math.ceil(shift / sw));
    const last = Math.min(ow, Math.floor((W - 1 + shift) / sw) + 1);
    lo[b] = Math.min(first, ow);
    hi[b] = Math.max(last, lo[b]!);
  }
  return [lo, hi];
}

function checkRank(op: string, v: View, rank: number, what: string): void {
  if (v.shape.length !== rank) throw new ShapeError(`${op}: expected ${what}, got shape ${fmtShape(v.shape)}`);
}

/** `[N, C, H, W]` → contiguous `[N, C·kh·kw, oh·ow]`; positions outside the image read `padValue`. */
export function im2colLoop(x: View, g: Im2colGeometry): TypedArray {
  checkRank('im2col', x, 4, 'a 4-d input [N, C, H, W]');
  const [N, C, H] = x.shape as [number, number, number, number];
  const [kh, kw] = g.kernel, [oh, ow] = g.blocks;
  const [sh, sw] = g.stride, [ph, pw] = g.padding, [dh, dw] = g.dilation;
  const [sN, sC, sH, sW] = x.strides as [number, number, number, number];
  const xd = dataOf(x);
  const out = allocTyped(x.storage.dtype, N * C * kh * kw * oh * ow);
  const pad = g.padValue;
  const [lo, hi] = columnRanges(g);
  const step = sw * sW;
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = x.offset + n * sN + c * sC;
      for (let a = 0; a < kh; a++) {
        for (let b = 0; b < kw; b++) {
          const jlo = lo[b]!, jhi = hi[b]!, colShift = b * dw - pw;
          for (let i = 0; i < oh; i++, o += ow) {
            const ih = i * sh - ph + a * dh;
            if (ih < 0 || ih >= H) {
              if (pad !== 0) out.fill(pad, o, o + ow);
              continue;
            }
            if (pad !== 0) {
              out.fill(pad, o, o + jlo);
              out.fill(pad, o + jhi, o + ow);
            }
            for (let j = jlo, p = base + ih * sH + (jlo * sw + colShift) * sW; j < jhi; j++, p += step) out[o + j] = xd[p]!;
          }
        }
      }
    }
  }
  return out;
}

/** `[N, C·kh·kw, oh·ow]` (any strides) → contiguous `[N, C, H, W]`, summing overlaps. */
export function col2imLoop(cols: View, g: Im2colGeometry): TypedArray {
  checkRank('col2im', cols, 3, 'a 3-d input [N, C·kh·kw, L]');
  const [kh, kw] = g.kernel, [oh, ow] = g.blocks, [H, W] = g.size;
  const [N, rows, L] = cols.shape as [number, number, number];
  if (rows % (kh * kw) !== 0 || L !== oh * ow) {
    throw new ShapeError(`col2im: columns ${fmtShape(cols.shape)} do not fit kernel ${fmtShape(g.kernel)} with ${oh}x${ow} blocks`);
  }
  const C = rows / (kh * kw);
  const [sh, sw] = g.stride, [ph, pw] = g.padding, [dh, dw] = g.dilation;
  const [s0, s1, s2] = cols.strides as [number, number, number];
  const cd = dataOf(cols);
  const out = allocTyped(cols.storage.dtype, N * C * H * W);
  const [lo, hi] = columnRanges(g);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const outBase = (n * C + c) * H * W;
      for (let a = 0; a < kh; a++) {
        for (let b = 0; b < kw; b++) {
          const jlo = lo[b]!, jhi = hi[b]!, colShift = b * dw - pw;
          const rowBase = cols.offset + n * s0 + ((c * kh + a) * kw + b) * s1;
          for (let i = 0; i < oh; i++) {
            const ih = i * sh - ph + a * dh;
            if (ih < 0 || ih >= H) continue;
            const orow = outBase + ih * W + colShift;
            for (let j = jlo, p = rowBase + (i * ow + jlo) * s2; j < jhi; j++, p += s2) out[orow + j * sw] += cd[p]!;
          }
        }
      }
    }
  }
  return out;
}
