/**
 * @file CPU reductions and softmax. The input's dims are split into kept (outer) and reduced
 * (inner) dims, each planned into runs, so any strided layout reduces without a copy.
 */
import { allocTyped, type DType, type TypedArray } from '../../core/dtype.js';
import type { ReduceKernel, View } from '../backend.js';
import { planRuns } from './plan.js';
import type { CpuStorage } from './storage.js';

function pick<T>(xs: readonly T[], idx: readonly number[]): T[] {
  return idx.map((i) => xs[i]!);
}

/** Reduces `dims` of `x` into a contiguous array holding the kept dims in order. */
export function reduceLoop(op: ReduceKernel, x: View, dims: readonly number[], outDtype: DType): TypedArray {
  const data = (x.storage as CpuStorage).data;
  const kept: number[] = [];
  for (let d = 0; d < x.shape.length; d++) if (!dims.includes(d)) kept.push(d);
  const outer = planRuns(pick(x.shape, kept), [pick(x.strides, kept)], [x.offset]);
  const inner = planRuns(pick(x.shape, dims), [pick(x.strides, dims)], [0]);
  const outSize = outer.length * outer.count;
  const out = allocTyped(outDtype, outSize);
  const os = outer.starts[0]!, ost = outer.strides[0]!;
  const is = inner.starts[0]!, ist = inner.strides[0]!, ilen = inner.length, icount = inner.count;
  let o = 0;
  for (let r = 0; r < outer.count; r++) {
    for (let e = 0, base = os[r]!; e < outer.length; e++, base += ost) {
      switch (op) {
        case 'sum': {
          let acc = 0;
          for (let q = 0; q < icount; q++) for (let j = 0, p = base + is[q]!; j < ilen; j++, p += ist) acc += data[p]!;
          out[o++] = acc;
          break;
        }
        case 'prod': {
          let acc = 1;
          for (let q = 0; q < icount; q++) for (let j = 0, p = base + is[q]!; j < ilen; j++, p += ist) acc *= data[p]!;
          out[o++] = acc;
          break;
        }
        case 'max':
        case 'argmax': {
          let best = -Infinity, at = 0, k = 0;
          for (let q = 0; q < icount; q++) {
            for (let j = 0, p = base + is[q]!; j < ilen; j++, p += ist, k++) {
              const v = data[p]!;
              if ((v > best || (v !== v && best === best)) || k === 0) { best = v; at = k; }
            }
          }
          out[o++] = op === 'max' ? best : at;
          break;
        }
        case 'min':
        case 'argmin': {
          let best = Infinity, at = 0, k = 0;
          for (let q = 0; q < icount; q++) {
            for (let j = 0, p = base + is[q]!; j < ilen; j++, p += ist, k++) {
              const v = data[p]!;
              if ((v < best || (v !== v && best === best)) || k === 0) { best = v; at = k; }
            }
          }
          out[o++] = op === 'min' ? best : at;
          break;
        }
      }
    }
  }
  return out;
}

/** Softmax or log-softmax of `x` along `dim` into a contiguous array of `x`'s shape. */
export function softmaxLoop(x: View, dim: number, log: boolean): TypedArray {
  const data = (x.storage as CpuStorage).data;
  const shape = x.shape;
  const n = shape[dim]!;
  const outStrides = new Array<number>(shape.length);
  for (let d = shape.length - 1, s = 1; d >= 0; d--) { outStrides[d] = s; s *= shape[d]!; }
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
