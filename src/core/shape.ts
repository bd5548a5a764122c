/**
 * @file Shape arithmetic: sizes, contiguous strides, dim normalisation and broadcasting.
 */
import { IndexError, ShapeError, fmtShape } from './errors.js';

/** Number of elements of a shape (1 for a 0-d scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Row-major (C-order) strides of a shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** Whether a (shape, strides) view is laid out row-major without gaps. */
export function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    if (d !== 1 && strides[i] !== s) return false;
    s *= d;
  }
  return true;
}

/**
 * Turns a possibly negative dim into an index in `[0, ndim)`, or throws naming the op.
 * A 0-d tensor accepts dims -1 and 0, like PyTorch.
 */
export function normalizeDim(op: string, dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new IndexError(
      `${op}: dim ${dim} is out of range for a tensor of ${ndim} dims (valid: ${-n} to ${n - 1})`,
    );
  }
  return dim < 0 ? dim + n : dim;
}

/** Normalises a list of dims (or all dims when undefined), sorted and without repeats. */
export function normalizeDims(op: string, dims: number | readonly number[] | undefined, ndim: number): number[] {
  if (dims === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dims === 'number' ? [dims] : dims;
  const out = list.map((d) => normalizeDim(op, d, ndim));
  if (ndim === 0) return [];
  const sorted = [...new Set(out)].sort((a, b) => a - b);
  if (sorted.length !== out.length) throw new IndexError(`${op}: dim ${list.join(',')} repeats a dim`);
  return sorted;
}

/** The broadcast shape of two shapes (NumPy rules), or a ShapeError naming the op. */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): readonly number[] {
  if (b.length === 0 || a === b || shapesEqual(a, b)) return a;
  if (a.length === 0) return b;
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast ` +
          `(dim ${i - n}: ${da} vs ${db}; sizes must match or one must be 1)`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Whether two shapes are equal. */
export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Resolves one `-1` in a reshape target against the element count, or throws. */
export function inferShape(op: string, from: readonly number[], to: readonly number[]): number[] {
  const total = sizeOf(from);
  let known = 1;
  let free = -1;
  for (let i = 0; i < to.length; i++) {
    const d = to[i]!;
    if (d === -1) {
      if (free >= 0) throw new ShapeError(`${op}: only one dim can be -1, got ${fmtShape(to)}`);
      free = i;
    } else if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${op}: invalid size ${d} in shape ${fmtShape(to)}`);
    } else known *= d;
  }
  const out = [...to];
  if (free >= 0) {
    if (known === 0 || total % known !== 0) {
      throw new ShapeError(`${op}: shape ${fmtShape(to)} is invalid for input of size ${total} (shape ${fmtShape(from)})`);
    }
    out[free] = total / known;
  } else if (known !== total) {
    throw new ShapeError(`${op}: shape ${fmtShape(to)} is invalid for input of size ${total} (shape ${fmtShape(from)})`);
  }
  return out;
}

/** Throws unless `shape` is a list of non-negative integers. */
export function checkShape(op: string, shape: readonly number[]): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${op}: sizes must be non-negative integers, got ${fmtShape(shape)}`);
    }
  }
}
