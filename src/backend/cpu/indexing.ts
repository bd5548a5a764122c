/**
 * @file CPU gather and scatter along one dim. Not hot paths: plain n-d counters.
 */
import { allocTyped, type TypedArray } from '../../core/dtype.js';
import { IndexError, fmtShape } from '../../core/errors.js';
import { contiguousStrides, sizeOf } from '../../core/shape.js';
import type { View } from '../backend.js';
import type { CpuStorage } from './storage.js';

/** Calls `visit(flat, coords)` for each element of `shape` in row-major order. */
function forEachIndex(shape: readonly number[], visit: (flat: number, coords: number[]) => void): void {
  const n = sizeOf(shape);
  const coords = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < n; flat++) {
    visit(flat, coords);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++coords[d]! < shape[d]!) break;
      coords[d] = 0;
    }
  }
}

function offsetOf(view: View, coords: readonly number[]): number {
  let p = view.offset;
  for (let d = 0; d < coords.length; d++) p += coords[d]! * view.strides[d]!;
  return p;
}

function readIndex(op: string, index: View, coords: readonly number[], size: number, dim: number): number {
  const i = (index.storage as CpuStorage).data[offsetOf(index, coords)]!;
  if (i < -size || i >= size) {
    throw new IndexError(`${op}: index ${i} is out of bounds for dim ${dim} with size ${size}`);
  }
  return i < 0 ? i + size : i;
}

/** `out[c] = x[c with c[dim] = index[c]]`; out has index's shape. */
export function gatherLoop(x: View, dim: number, index: View): TypedArray {
  const data = (x.storage as CpuStorage).data;
  const out = allocTyped(x.storage.dtype, sizeOf(index.shape));
  const size = x.shape[dim]!;
  forEachIndex(index.shape, (flat, c) => {
    const i = readIndex('gather', index, c, size, dim);
    let p = x.offset;
    for (let d = 0; d < c.length; d++) p += (d === dim ? i : c[d]!) * x.strides[d]!;
    out[flat] = data[p]!;
  });
  return out;
}

/** A contiguous copy of `x` with `src[c]` written (or added) at `c with c[dim] = index[c]`. */
export function scatterLoop(x: View, dim: number, index: View, src: View, accumulate: boolean, copy: TypedArray): TypedArray {
  const out = copy;
  const strides = contiguousStrides(x.shape);
  const size = x.shape[dim]!;
  const s = (src.storage as CpuStorage).data;
  const op = accumulate ? 'scatterAdd' : 'scatter';
  forEachIndex(index.shape, (_flat, c) => {
    const i = readIndex(op, index, c, size, dim);
    let p = 0;
    for (let d = 0; d < c.length; d++) p += (d === dim ? i : c[d]!) * strides[d]!;
    const v = s[offsetOf(src, c)]!;
    out[p] = accumulate ? out[p]! + v : v;
  });
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
