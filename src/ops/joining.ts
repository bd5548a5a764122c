/**
 * @file Joining and padding: `cat` along a dim and constant padding (negative pads crop).
 */
import { promoteTypes } from '../core/dtype.js';
import { ShapeError, fmtShape } from '../core/errors.js';
import { normalizeDim, sizeOf } from '../core/shape.js';
import { fromStorage, fullOf } from '../tensor/make.js';
import type { Tensor } from '../tensor/tensor.js';
import { record } from './record.js';

/** Concatenates tensors along `dim`; all other dims must match. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError('cat: expected a non-empty list of tensors');
  const first = tensors[0]!;
  if (first.ndim === 0) throw new ShapeError('cat: zero-dimensional tensors cannot be concatenated; use stack()');
  const d = normalizeDim('cat', dim, first.ndim);
  for (const t of tensors) {
    if (t.ndim !== first.ndim || t.shape.some((s, i) => i !== d && s !== first.shape[i])) {
      throw new ShapeError(
        `cat: shapes ${tensors.map((x) => fmtShape(x.shape)).join(', ')} must match in every dim except dim ${d}`,
      );
    }
  }
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  const shape = [...first.shape];
  shape[d] = tensors.reduce((n, t) => n + t.shape[d]!, 0);
  const out = fromStorage(first.backend.alloc(dtype, sizeOf(shape)), shape);
  const starts: number[] = [];
  let at = 0;
  for (const t of tensors) {
    starts.push(at);
    if (t.numel > 0) out.backend.assign(out.narrow(d, at, t.shape[d]!), t);
    at += t.shape[d]!;
  }
  // d cat(xs) = the matching slices of dy
  return record('CatBackward', tensors, out, ([g]) => tensors.map((t, i) => g!.narrow(d, starts[i]!, t.shape[d]!)));
}

/**
 * Pads with `value`: `pad` lists (before, after) pairs starting from the last dim, as
 * `torch.nn.functional.pad`. Negative amounts crop.
 */
export function constantPad(x: Tensor, pad: readonly number[], value = 0): Tensor {
  if (pad.length % 2 !== 0 || pad.length / 2 > x.ndim || pad.some((p) => !Number.isInteger(p))) {
    throw new ShapeError(`pad: expected an even number of integer pads covering at most ${x.ndim} dims (shape ${fmtShape(x.shape)}), got [${pad.join(',')}]`);
  }
  const shape = [...x.shape];
  let src = x;
  const region: [number, number][] = [];
  for (let k = 0; k < pad.length / 2; k++) {
    const d = x.ndim - 1 - k;
    const before = pad[2 * k]!, after = pad[2 * k + 1]!;
    shape[d] = x.shape[d]! + before + after;
    if (shape[d]! < 0) throw new ShapeError(`pad: padding [${pad.join(',')}] makes dim ${d} of shape ${fmtShape(x.shape)} negative`);
    const cropStart = Math.max(-before, 0);
    const kept = x.shape[d]! - cropStart - Math.max(-after, 0);
    src = src.narrow(d, cropStart, Math.max(kept, 0));
    region.push([d, Math.max(before, 0)]);
  }
  const out = fullOf(shape, value, x.dtype);
  let dst = out;
  for (const [d, start] of region) dst = dst.narrow(d, start, src.shape[d]!);
  if (src.numel > 0) out.backend.assign(dst, src);
  // d pad(x) = the unpadded region of dy, zero-padded back where x was cropped
  return record('ConstantPadBackward', [x], out, ([g]) => [g!.pad(pad.map((p) => -p))]);
}
