/**
 * @file CPU reductions. The input's dims are split into kept (outer) and reduced
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
