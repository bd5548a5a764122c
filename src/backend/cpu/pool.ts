/**
 * @file CPU max pooling: the forward gives each window's maximum and its index in the flattened
 * `H·W` plane (PyTorch's `return_indices`), the backward adds each output gradient at its index.
 * Window bounds are computed once per output row and column, so the inner loops run without
 * bounds checks; 2×2 windows of stride 2 without padding or overhang get their own branch-free loop.
 *
 * Semantics are PyTorch's CPU kernel (`cpu_max_pool`): a window scans its in-image positions in
 * row-major order, keeps the first maximum, and a NaN replaces the running maximum (so a NaN in
 * the window wins, and the index is that of its last NaN); padding is never selected — a window
 * of -Infinity gives -Infinity at its first in-image position. A window with no in-image position
 * at all gives -Infinity and index -1, which the backward skips (PyTorch's sentinel; PyTorch's
 * forward gives an out-of-range index there).
 */
import { allocTyped, type TypedArray } from '../../core/dtype.js';
import { IndexError, ShapeError, fmtShape } from '../../core/errors.js';
import type { Im2colGeometry, View } from '../backend.js';
import type { CpuStorage } from './storage.js';

const dataOf = (v: View): TypedArray => (v.storage as CpuStorage).data;

/**
 * Per output position along one dim: the first in-image input position `lo[i]` of window `i`
 * and the end `hi[i]` (exclusive; `hi ≤ lo` when the window holds no in-image position).
 */
function windowRanges(n: number, out: number, k: number, s: number, p: number, d: number): [Int32Array, Int32Array] {
  const lo = new Int32Array(out), hi = new Int32Array(out);
  for (let i = 0; i < out; i++) {
    let start = i * s - p;
    const end = Math.min(start + (k - 1) * d + 1, n);
    if (start < 0) start += Math.ceil(-start / d) * d;
    lo[i] = start;
    hi[i] = end;
  }
  return [lo, hi];
}

/** `[N, C, H, W]` (any strides) → contiguous `[N, C, oh, ow]` maxima and int32 plane indices. */
export function maxPool2dLoop(x: View, g: Im2colGeometry): { values: TypedArray; indices: Int32Array } {
  if (x.shape.length !== 4) throw new ShapeError(`maxPool2d: expected a 4-d input [N, C, H, W], got shape ${fmtShape(x.shape)}`);
  const [N, C, H, W] = x.shape as [number, number, number, number];
  if (H !== g.size[0] || W !== g.size[1]) throw new ShapeError(`maxPool2d: expected an input [N, C, ${g.size[0]}, ${g.size[1]}], got ${fmtShape(x.shape)}`);
  const [kh, kw] = g.kernel, [oh, ow] = g.blocks;
  const [sh, sw] = g.stride, [ph, pw] = g.padding, [dh, dw] = g.dilation;
  const [sN, sC, sH, sW] = x.strides as [number, number, number, number];
  const xd = dataOf(x);
  const plane = oh * ow;
  const values = allocTyped(x.storage.dtype, N * C * plane);
  const indices = new Int32Array(N * C * plane);
  if (values.length === 0) return { values, indices };
  const simple2x2 = kh === 2 && kw === 2 && sh === 2 && sw === 2 && ph === 0 && pw === 0 && dh === 1 && dw === 1 && 2 * oh <= H && 2 * ow <= W;
  if (simple2x2) {
    // Branch-free: on real data the window maximum is unpredictable, and a mispredicted branch per
    // comparison costs more than the whole window. Each comparison becomes a 0/1 number that moves
    // a position, and the value is reloaded from there. The pairs (a b) and (c d) are decided
    // first, then their winners; with PyTorch's rule `v > best || isnan(v)` applied to each pair
    // and to the winners this gives the same result as scanning a, b, c, d in order.
    let o = 0;
    for (let n = 0; n < N; n++) {
      for (let c = 0; c < C; c++) {
        const base = x.offset + n * sN + c * sC;
        for (let i = 0; i < oh; i++) {
          for (let j = 0, p = base + 2 * i * sH, q = 2 * i * W; j < ow; j++, p += 2 * sW, q += 2, o++) {
            const a = xd[p]!, b = xd[p + sW]!, cc = xd[p + sH]!, dd = xd[p + sH + sW]!;
            const top = +(b > a) | +(b !== b);
            const bottom = +(dd > cc) | +(dd !== dd);
            const w1 = xd[p + top * sW]!, w2 = xd[p + sH + bottom * sW]!;
            const row = +(w2 > w1) | +(w2 !== w2);
            const col = top + row * (bottom - top);
            values[o] = xd[p + row * sH + col * sW]!;
            indices[o] = q + row * W + col;
          }
        }
      }
    }
    return { values, indices };
  }
  const [rlo, rhi] = windowRanges(H, oh, kh, sh, ph, dh);
  const [clo, chi] = windowRanges(W, ow, kw, sw, pw, dw);
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = x.offset + n * sN + c * sC;
      for (let i = 0; i < oh; i++) {
        const r0 = rlo[i]!, r1 = rhi[i]!;
        for (let j = 0; j < ow; j++, o++) {
          const c0 = clo[j]!, c1 = chi[j]!;
          // A window with no in-image position (padding and dilation can do that) gives -Infinity at index -1.
          let best = -Infinity, at = r0 < r1 && c0 < c1 ? r0 * W + c0 : -1;
          for (let r = r0; r < r1; r += dh) {
            for (let q = c0, p = base + r * sH + c0 * sW; q < c1; q += dw, p += dw * sW) {
              const v = xd[p]!;
              if (v > best || v !== v) { best = v; at = r * W + q; }
            }
          }
          values[o] = best;
          indices[o] = at;
        }
      }
    }
  }
  return { values, indices };
}

/** Throws unless `g` and `indices` are `[N, C, oh, ow]` alike and `inputShape` is `[N, C, H, W]`. */
export function checkPoolBackwardShapes(g: View, indices: View, inputShape: readonly number[]): void {
  if (g.shape.length !== 4 || inputShape.length !== 4 || indices.shape.length !== 4 || g.shape.some((s, k) => s !== indices.shape[k]) ||
    g.shape[0] !== inputShape[0] || g.shape[1] !== inputShape[1]) {
    throw new ShapeError(`maxPool2dBackward: expected a gradient and indices [N, C, oh, ow] for an input ${fmtShape(inputShape)}, got ${fmtShape(g.shape)} and ${fmtShape(indices.shape)}`);
  }
}

/**
 * The input gradient of max pooling: zeros of `inputShape` `[N, C, H, W]` with each element of
 * `g` `[N, C, oh, ow]` added at its plane index in `indices` (same shape; any strides); index -1
 * (an empty window) adds nothing, other out-of-range indices throw.
 */
export function maxPool2dBackwardLoop(g: View, indices: View, inputShape: readonly number[]): TypedArray {
  checkPoolBackwardShapes(g, indices, inputShape);
  const [N, C, oh, ow] = g.shape as [number, number, number, number];
  const HW = inputShape[2]! * inputShape[3]!;
  const out = allocTyped(g.storage.dtype, N * C * HW);
  const gd = dataOf(g), id = dataOf(indices);
  const [gN, gC, gH, gW] = g.strides as [number, number, number, number];
  const [iN, iC, iH, iW] = indices.strides as [number, number, number, number];
  const planeContiguous = gW === 1 && gH === ow && iW === 1 && iH === ow;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const ob = (n * C + c) * HW;
      const gb = g.offset + n * gN + c * gC, ib = indices.offset + n * iN + c * iC;
      if (planeContiguous) {
        for (let e = 0, L = oh * ow; e < L; e++) {
          const k = id[ib + e]!;
          if (k === -1) continue;
          if (k < 0 || k >= HW) throw new IndexError(`maxPool2dBackward: index ${k} is out of range for a plane of ${HW} elements`);
          out[ob + k] += gd[gb + e]!;
        }
        continue;
      }
      for (let i = 0; i < oh; i++) {
        for (let j = 0, pg = gb + i * gH, pi = ib + i * iH; j < ow; j++, pg += gW, pi += iW) {
          const k = id[pi]!;
          if (k === -1) continue;
          if (k < 0 || k >= HW) throw new IndexError(`maxPool2dBackward: index ${k} is out of range for a plane of ${HW} elements`);
          out[ob + k] += gd[pg]!;
        }
      }
    }
  }
  return out;
}
