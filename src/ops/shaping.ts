/**
 * @file Shape ops composed from the view, indexing and joining primitives: transpose,
 * squeeze/unsqueeze/flatten, narrow/select, indexSelect, stack/split/chunk, repeat and the
 * non-constant padding modes.
 */
import { DTypeError, IndexError, ShapeError, fmtShape } from '../core/errors.js';
import { normalizeDim, normalizeDims } from '../core/shape.js';
import { fromStorage } from '../tensor/make.js';
import type { Tensor } from '../tensor/tensor.js';
import { constantPad, cat } from './joining.js';
import { permute, reshape, slice } from './views.js';

/** Swaps dims `dim0` and `dim1` (a view). */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  if (x.ndim < 2 && dim0 === dim1) return x;
  const a = normalizeDim('transpose', dim0, x.ndim), b = normalizeDim('transpose', dim1, x.ndim);
  const perm = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return x.ndim === 0 ? x : permute(x, perm);
}

/** Removes size-1 dims (all, or those listed; listed dims of other sizes are kept, like PyTorch). */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  const dims = normalizeDims('squeeze', dim, x.ndim);
  return reshape(x, x.shape.filter((s, i) => !(s === 1 && dims.includes(i))));
}

/** Inserts a size-1 dim at `dim` (in `[-ndim-1, ndim]`). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim('unsqueeze', dim, x.ndim + 1);
  const shape = [...x.shape];
  shape.splice(d, 0, 1);
  return reshape(x, shape);
}

/** Merges dims `startDim..endDim` into one. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeDim('flatten', startDim, x.ndim), e = normalizeDim('flatten', endDim, x.ndim);
  if (s > e) throw new IndexError(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const merged = x.shape.slice(s, e + 1).reduce((a, b) => a * b, 1);
  return reshape(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)]);
}

/** `length` elements from `start` along `dim` (a view); the range must lie inside the dim. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim('narrow', dim, x.ndim);
  const size = x.shape[d]!;
  const s = start < 0 ? start + size : start;
  if (!Number.isInteger(s) || !Number.isInteger(length) || s < 0 || length < 0 || s + length > size) {
    throw new IndexError(`narrow: start ${start} and length ${length} are out of range for dim ${d} of size ${size} (shape ${fmtShape(x.shape)})`);
  }
  return slice(x, d, s, s + length);
}

/** The slice at `index` along `dim`, with that dim removed (a view). */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = normalizeDim('select', dim, x.ndim);
  const size = x.shape[d]!;
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new IndexError(`select: index ${index} is out of range for dim ${d} of size ${size} (valid: ${-size} to ${size - 1})`);
  }
  const i = index < 0 ? index + size : index;
  const shape = x.shape.filter((_, k) => k !== d);
  return reshape(slice(x, d, i, i + 1), shape);
}

/** The entries at `index` (1-d int32) along `dim`. */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim('indexSelect', dim, x.ndim);
  if (index.dtype !== 'int32') throw new DTypeError(`indexSelect: index must be an int32 tensor, got dtype ${index.dtype}`);
  if (index.ndim > 1) throw new ShapeError(`indexSelect: index must be 0-d or 1-d, got shape ${fmtShape(index.shape)}`);
  const size = x.ndim === 0 ? 1 : x.shape[d]!;
  const values = index.dataSync();
  for (const v of values) {
    if (!(v >= 0 && v < size)) {
      throw new IndexError(`indexSelect: index ${v} is out of range for dim ${d} of size ${size} (valid: 0 to ${size - 1}; shape ${fmtShape(x.shape)})`);
    }
  }
  if (x.ndim === 0) return x.reshape([1]).gather(0, index.reshape([-1])).reshape(index.ndim === 0 ? [] : [-1]);
  const n = values.length;
  const idxShape = x.shape.map((s, k) => (k === d ? n : 1));
  const outShape = x.shape.map((s, k) => (k === d ? n : s));
  return x.gather(d, index.reshape(idxShape).expand(outShape));
}

/** Stacks equally shaped tensors along a new dim. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError('stack: expected a non-empty list of tensors');
  const first = tensors[0]!;
  for (const t of tensors) {
    if (t.ndim !== first.ndim || t.shape.some((s, i) => s !== first.shape[i])) {
      throw new ShapeError(`stack: all tensors must have the same shape, got ${tensors.map((x) => fmtShape(x.shape)).join(', ')}`);
    }
  }
  const d = normalizeDim('stack', dim, first.ndim + 1);
  return cat(tensors.map((t) => unsqueeze(t, d)), d);
}

/** Splits into pieces of `size` (the last may be smaller) or of the listed sizes, along `dim`. */
export function split(x: Tensor, sizeOrSizes: number | readonly number[], dim = 0): Tensor[] {
  const d = normalizeDim('split', dim, x.ndim);
  const total = x.shape[d]!;
  let sizes: number[];
  if (typeof sizeOrSizes === 'number') {
    if (!Number.isInteger(sizeOrSizes) || sizeOrSizes <= 0) throw new ShapeError(`split: size must be a positive integer, got ${sizeOrSizes}`);
    sizes = [];
    for (let at = 0; at < total; at += sizeOrSizes) sizes.push(Math.min(sizeOrSizes, total - at));
    if (sizes.length === 0) sizes.push(0);
  } else {
    sizes = [...sizeOrSizes];
    if (sizes.reduce((a, b) => a + b, 0) !== total) {
      throw new ShapeError(`split: sizes [${sizes.join(',')}] must sum to the size ${total} of dim ${d} (shape ${fmtShape(x.shape)})`);
    }
  }
  let at = 0;
  return sizes.map((n) => {
    const piece = narrow(x, d, at, n);
    at += n;
    return piece;
  });
}

/** Splits into `chunks` pieces of equal size (the last may be smaller) along `dim`. */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0) throw new ShapeError(`chunk: chunks must be a positive integer, got ${chunks}`);
  const d = normalizeDim('chunk', dim, x.ndim);
  return split(x, Math.max(Math.ceil(x.shape[d]! / chunks), 1), d);
}

/** Tiles `x`: dim i is repeated `repeats[i]` times (extra leading repeats add dims). */
export function repeat(x: Tensor, repeats: readonly number[]): Tensor {
  if (repeats.length < x.ndim) {
    throw new ShapeError(`repeat: got ${repeats.length} repeats for a tensor of ${x.ndim} dims (shape ${fmtShape(x.shape)}); give at least one per dim`);
  }
  const shape = [...new Array<number>(repeats.length - x.ndim).fill(1), ...x.shape];
  const interleaved = shape.flatMap((s) => [1, s]);
  const expanded = interleaved.map((s, i) => (i % 2 === 0 ? repeats[i / 2]! : s));
  return x.reshape(interleaved).expand(expanded).reshape(shape.map((s, i) => s * repeats[i]!));
}

/** Padding modes of `pad`. */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/** Pads `x` like `torch.nn.functional.pad`: `pad` holds (before, after) pairs from the last dim. */
export function pad(x: Tensor, amounts: readonly number[], mode: PadMode = 'constant', value = 0): Tensor {
  if (mode === 'constant') return constantPad(x, amounts, value);
  if (amounts.length % 2 !== 0 || amounts.length / 2 > x.ndim) {
    throw new ShapeError(`pad: expected an even number of pads covering at most ${x.ndim} dims, got [${amounts.join(',')}]`);
  }
  let out = x;
  for (let k = 0; k < amounts.length / 2; k++) {
    const d = x.ndim - 1 - k;
    const n = x.shape[d]!, before = amounts[2 * k]!, after = amounts[2 * k + 1]!;
    if (mode === 'reflect' && (before >= n || after >= n)) {
      throw new ShapeError(`pad: reflect padding (${before}, ${after}) must be smaller than dim ${d} of size ${n}`);
    }
    if (n === 0 || before < 0 || after < 0) throw new ShapeError(`pad: ${mode} padding needs non-negative pads and a non-empty dim ${d}`);
    const idx = new Int32Array(n + before + after);
    for (let i = 0; i < idx.length; i++) idx[i] = sourceIndex(i - before, n, mode);
    out = indexSelect(out, d, fromStorage(x.backend.fromArray(idx), [idx.length]));
  }
  return out;
}

function sourceIndex(i: number, n: number, mode: Exclude<PadMode, 'constant'>): number {
  if (mode === 'replicate') return Math.min(Math.max(i, 0), n - 1);
  if (mode === 'circular') return ((i % n) + n) % n;
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const m = ((i % period) + period) % period;
  return m < n ? m : period - m;
}
