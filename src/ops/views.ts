/**
 * @file Ops that return views sharing the input's storage: reshape/view, permute, expand,
 * slice (with step) and the slice's backward, which embeds a gradient into zeros.
 */
import { IndexError, ShapeError, fmtShape } from '../core/errors.js';
import { contiguousStrides, inferShape, isContiguous, normalizeDim, sizeOf } from '../core/shape.js';
import { fromStorage } from '../tensor/make.js';
import type { Tensor } from '../tensor/tensor.js';
import { record, viewOf } from './record.js';

/**
 * Strides that let `newShape` view memory laid out as (`shape`, `strides`), or null when the
 * layout does not allow it (PyTorch's `computeStride`).
 */
export function viewStrides(shape: readonly number[], strides: readonly number[], newShape: readonly number[]): number[] | null {
  if (shape.length === 0) return newShape.map(() => 1);
  if (sizeOf(shape) === 0 || isContiguous(shape, strides)) return contiguousStrides(newShape);
  const out = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  let chunkBase = strides[strides.length - 1]!;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d]!;
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = strides[d - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? out : null;
}

/** A view of `x` with `shape` (one dim may be -1); `op` names the caller in errors. */
function viewAs(op: string, x: Tensor, shape: readonly number[], copyIfNeeded: boolean): Tensor {
  const target = inferShape(op, x.shape, shape);
  const strides = viewStrides(x.shape, x.strides, target);
  if (strides === null) {
    if (copyIfNeeded) return viewAs(op, x.contiguous(), target, false);
    throw new ShapeError(
      `view: shape ${fmtShape(target)} is not compatible with the input's size and strides (shape ` +
        `${fmtShape(x.shape)}, strides ${fmtShape(x.strides)}): at least one dim spans two non-contiguous ` +
        `blocks; use reshape() instead, which copies when needed`,
    );
  }
  const y = viewOf(x, target, strides, x.offset);
  // d reshape(x) = reshape(dy)
  return record('ViewBackward', [x], y, ([g]) => [g!.reshape(x.shape)]);
}

/** `x` with a new shape: a view when the layout allows, else a copy. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  return viewAs('reshape', x, shape, true);
}

/** `x` with a new shape as a view; throws when the layout needs a copy. */
export function view(x: Tensor, shape: readonly number[]): Tensor {
  return viewAs('view', x, shape, false);
}

/** `x` with its dims reordered: output dim i is input dim `dims[i]`. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const n = x.ndim;
  const norm = dims.map((d) => normalizeDim('permute', d, n));
  if (norm.length !== n || new Set(norm).size !== n) {
    throw new ShapeError(`permute: dims [${dims.join(',')}] must be a permutation of the ${n} dims of a tensor of shape ${fmtShape(x.shape)}`);
  }
  const y = viewOf(x, norm.map((d) => x.shape[d]!), norm.map((d) => x.strides[d]!), x.offset);
  const inverse = norm.map((_, i) => norm.indexOf(i));
  return record('PermuteBackward', [x], y, ([g]) => [g!.permute(inverse)]);
}

/** `x` broadcast to `shape` (-1 keeps a dim) as a stride-0 view. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.ndim;
  const bad = (): never => {
    throw new ShapeError(`expand: cannot expand shape ${fmtShape(x.shape)} to ${fmtShape(shape)}; each dim must match or be 1 in the input (-1 keeps it)`);
  };
  if (lead < 0) bad();
  const outShape = shape.map((s, i) => {
    const d = i - lead;
    if (s === -1) return d < 0 ? bad() : x.shape[d]!;
    if (!Number.isInteger(s) || s < 0 || (d >= 0 && x.shape[d] !== 1 && x.shape[d] !== s)) bad();
    return s;
  });
  const strides = outShape.map((s, i) => {
    const d = i - lead;
    return d < 0 || x.shape[d] !== s ? 0 : x.strides[d]!;
  });
  const y = viewOf(x, outShape, strides, x.offset);
  // d expand(x) = sum of dy over the expanded dims (done by the engine's unbroadcast)
  return record('ExpandBackward', [x], y, ([g]) => [g!]);
}

/** Elements `start, start+step, …` (< end) along `dim`, as a view. Negative start/end count from the end. */
export function slice(x: Tensor, dim: number, start: number, end?: number, step = 1): Tensor {
  const d = normalizeDim('slice', dim, x.ndim);
  if (!Number.isInteger(step) || step <= 0) throw new IndexError(`slice: step must be a positive integer, got ${step}`);
  const size = x.shape[d]!;
  const clampIdx = (i: number): number => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const s = clampIdx(start);
  const e = Math.max(clampIdx(end ?? size), s);
  const length = Math.ceil((e - s) / step);
  const shape = [...x.shape];
  shape[d] = length;
  const strides = [...x.strides];
  strides[d] = x.strides[d]! * step;
  const y = viewOf(x, shape, strides, x.offset + (length > 0 ? s * x.strides[d]! : 0));
  // d slice(x) = dy placed at the sliced positions of zeros
  return record('SliceBackward', [x], y, ([g]) => [sliceBackward(g!, x.shape, d, s, step)]);
}

/** Zeros of `shape` with `g` written at `start, start+step, …` along `dim` (the slice's adjoint). */
export function sliceBackward(g: Tensor, shape: readonly number[], dim: number, start: number, step: number): Tensor {
  const out = fromStorage(g.backend.alloc(g.dtype, sizeOf(shape)), shape);
  const strides = [...out.strides];
  strides[dim] = out.strides[dim]! * step;
  if (g.numel > 0) g.backend.assign({ storage: out.storage, shape: g.shape, strides, offset: start * out.strides[dim]! }, g);
  // d embed(g) = slice(d out)
  return record('SliceBackwardBackward', [g], out, ([gg]) => [gg!.slice(dim, start, start + g.shape[dim]! * step, step)]);
}
