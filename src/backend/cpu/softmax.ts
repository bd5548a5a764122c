/**
 * @file CPU softmax and log-softmax along one dim, forward and backward, for any strided
 * layout: the other dims are planned into runs, each softmax row walked with its own stride.
 */
import { allocTyped, type TypedArray } from '../../core/dtype.js';
import type { View } from '../backend.js';
import { planRuns } from './plan.js';
import type { CpuStorage } from './storage.js';

function pick<T>(xs: readonly T[], idx: readonly number[]): T[] {
  return idx.map((i) => xs[i]!);
}

function rowMajorStrides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let d = shape.length - 1, s = 1; d >= 0; d--) { out[d] = s; s *= shape[d]!; }
  return out;
}

/** Softmax or log-softmax of `x` along `dim` into a contiguous array of `x`'s shape. */
export function softmaxLoop(x: View, dim: number, log: boolean): TypedArray {
  const data = (x.storage as CpuStorage).data;
  const shape = x.shape;
  const n = shape[dim]!;
  const outStrides = rowMajorStrides(shape);
  const others = shape.map((_, d) => d).filter((d) => d !== dim);
  const plan = planRuns(pick(shape, others), [pick(x.strides, others), pick(outStrides, others)], [x.offset, 0]);
  const out = allocTyped(x.storage.dtype, n * plan.length * plan.count);
  const xst = x.strides[dim]!, ost = outStrides[dim]!;
  const [xs, os] = plan.starts as [Int32Array, Int32Array];
  const [xr, or] = plan.strides as [number, number];
  for (let r = 0; r < plan.count; r++) {
    for (let e = 0, px = xs[r]!, po = os[r]!; e < plan.length; e++, px += xr, po += or) {
      let m = -Infinity;
      for (let j = 0, p = px; j < n; j++, p += xst) { const v = data[p]!; if (v > m) m = v; }
      if (m === -Infinity || m !== m) m = 0;
      let s = 0;
      for (let j = 0, p = px, q = po; j < n; j++, p += xst, q += ost) { const v = Math.exp(data[p]! - m); out[q] = v; s += v; }
      if (log) {
        const ls = Math.log(s) + m;
        for (let j = 0, p = px, q = po; j < n; j++, p += xst, q += ost) out[q] = data[p]! - ls;
      } else {
        const inv = 1 / s;
        for (let j = 0, q = po; j < n; j++, q += ost) out[q] = out[q]! * inv;
      }
    }
  }
  return out;
}

/**
 * The input gradient of softmax (`log` false: `y·(g − Σ g·y)`) or log-softmax (`log` true:
 * `g − exp(y)·Σ g`) along `dim`, from the output `y` and its gradient `g` (same shape).
 */
export function softmaxBackwardLoop(y: View, g: View, dim: number, log: boolean): TypedArray {
  const yd = (y.storage as CpuStorage).data, gd = (g.storage as CpuStorage).data;
  const shape = y.shape;
  const n = shape[dim]!;
  const outStrides = rowMajorStrides(shape);
  const others = shape.map((_, d) => d).filter((d) => d !== dim);
  const plan = planRuns(pick(shape, others), [pick(y.strides, others), pick(g.strides, others), pick(outStrides, others)], [y.offset, g.offset, 0]);
  const out = allocTyped(y.storage.dtype, n * plan.length * plan.count);
  const yst = y.strides[dim]!, gst = g.strides[dim]!, ost = outStrides[dim]!;
  const [ys, gs, os] = plan.starts as [Int32Array, Int32Array, Int32Array];
  const [yr, gr, or] = plan.strides as [number, number, number];
  for (let r = 0; r < plan.count; r++) {
    for (let e = 0, py = ys[r]!, pg = gs[r]!, po = os[r]!; e < plan.length; e++, py += yr, pg += gr, po += or) {
      let s = 0;
      if (log) {
        for (let j = 0, q = pg; j < n; j++, q += gst) s += gd[q]!;
        for (let j = 0, p = py, q = pg, o = po; j < n; j++, p += yst, q += gst, o += ost) out[o] = gd[q]! - Math.exp(yd[p]!) * s;
      } else {
        for (let j = 0, p = py, q = pg; j < n; j++, p += yst, q += gst) s += gd[q]! * yd[p]!;
        for (let j = 0, p = py, q = pg, o = po; j < n; j++, p += yst, q += gst, o += ost) out[o] = yd[p]! * (gd[q]! - s);
      }
    }
  }
  return out;
}
