/**
 * @file CPU gather and scatter along one dim, as plain loops over iteration plans.
 */
import { allocTyped, type TypedArray } from '../../core/dtype.js';
import { IndexError, fmtShape } from '../../core/errors.js';
import { contiguousStrides, sizeOf } from '../../core/shape.js';
import type { View } from '../backend.js';
import { planRuns } from './plan.js';
import type { CpuStorage } from './storage.js';

const dataOf = (v: View): TypedArray => (v.storage as CpuStorage).data;

function outOfBounds(op: string, i: number, size: number, dim: number): IndexError {
  return new IndexError(`${op}: index ${i} is out of bounds for dim ${dim} with size ${size} (valid: 0 to ${size - 1})`);
}

/** `strides` with the entry of `dim` set to 0: the index supplies that coordinate. */
const withoutDim = (strides: readonly number[], dim: number): number[] => strides.map((s, d) => (d === dim ? 0 : s));

/** `out[c] = x[c with c[dim] = index[c]]`; out has index's shape. */
export function gatherLoop(x: View, dim: number, index: View): TypedArray {
  const xd = dataOf(x), id = dataOf(index);
  const out = allocTyped(x.storage.dtype, sizeOf(index.shape));
  const size = x.shape[dim]!, step = x.strides[dim]!;
  const plan = planRuns(index.shape, [index.strides, withoutDim(x.strides, dim)], [index.offset, x.offset]);
  const [is, xs] = plan.starts as [Int32Array, Int32Array];
  const [ist, xst] = plan.strides as [number, number];
  for (let r = 0, o = 0; r < plan.count; r++) {
    for (let e = 0, pi = is[r]!, px = xs[r]!; e < plan.length; e++, pi += ist, px += xst) {
      const k = id[pi]!;
      if (!(k >= 0 && k < size)) throw outOfBounds('gather', k, size, dim);
      out[o++] = xd[px + k * step]!;
    }
  }
  return out;
}

/** A contiguous copy of `x` (given as `copy`) with `src[c]` written (or added) at `c with c[dim] = index[c]`. */
export function scatterLoop(x: View, dim: number, index: View, src: View, accumulate: boolean, copy: TypedArray): TypedArray {
  const out = copy;
  const id = dataOf(index), sd = dataOf(src);
  const outStrides = contiguousStrides(x.shape);
  const size = x.shape[dim]!, step = outStrides[dim]!;
  const isBool = x.storage.dtype === 'bool';
  const op = accumulate ? 'scatterAdd' : 'scatter';
  const plan = planRuns(index.shape, [index.strides, withoutDim(outStrides, dim), src.strides], [index.offset, 0, src.offset]);
  const [is, os, ss] = plan.starts as [Int32Array, Int32Array, Int32Array];
  const [ist, ost, sst] = plan.strides as [number, number, number];
  for (let r = 0; r < plan.count; r++) {
    for (let e = 0, pi = is[r]!, po = os[r]!, ps = ss[r]!; e < plan.length; e++, pi += ist, po += ost, ps += sst) {
      const k = id[pi]!;
      if (!(k >= 0 && k < size)) throw outOfBounds(op, k, size, dim);
      const p = po + k * step;
      const v = accumulate ? out[p]! + sd[ps]! : sd[ps]!;
      out[p] = isBool ? (v !== 0 ? 1 : 0) : v;
    }
  }
  return out;
}

/** Throws unless `index` fits `x` and `src` along every dim but `dim` (PyTorch's rule). */
export function checkIndexShape(op: string, x: View, dim: number, index: View, src?: View): void {
  const ok = index.shape.length === x.shape.length &&
    index.shape.every((n, d) => (d === dim || n <= x.shape[d]!) && (!src || n <= src.shape[d]!));
  if (!ok) {
    throw new IndexError(
      `${op}: index shape ${fmtShape(index.shape)} does not fit input ${fmtShape(x.shape)}` +
        (src ? ` and src ${fmtShape(src.shape)}` : '') +
        ` (same number of dims; index.size(d) <= input.size(d) for d != ${dim})`,
    );
  }
}
