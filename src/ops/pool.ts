/**
 * @file Max pooling as a primitive: `maxPool2dWithIndices` (one backend kernel for the window
 * maxima and their indices) and its backward `maxPool2dBackward` (a scatter-add of the output
 * gradient at the indices), itself recorded so that second derivatives work: being linear in the
 * gradient, its own backward gathers at the same indices. `F.maxPool2d` (src/functional/) checks
 * the options and builds the geometry.
 */
import type { Im2colGeometry } from '../backend/backend.js';
import { DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { fromStorage } from '../tensor/make.js';
import type { Tensor } from '../tensor/tensor.js';
import { record } from './record.js';
import type { ValuesIndices } from './stats.js';

/**
 * Max pooling of `x` `[N, C, H, W]` over the windows of `g` (padding and overhanging windows
 * from `ceilMode` never selected): each window's first maximum in row-major order (a NaN
 * wins), and its index in the flattened `H·W` plane, like PyTorch's `return_indices=True`.
 */
export function maxPool2dWithIndices(x: Tensor, g: Im2colGeometry): ValuesIndices {
  if (x.ndim !== 4 || x.shape[2] !== g.size[0] || x.shape[3] !== g.size[1]) {
    throw new ShapeError(`maxPool2d: expected an input [N, C, ${g.size[0]}, ${g.size[1]}], got ${fmtShape(x.shape)}`);
  }
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const shape = [N, C, g.blocks[0], g.blocks[1]];
  const out = x.backend.maxPool2d(x, g);
  const values = fromStorage(out.values, shape);
  const indices = fromStorage(out.indices, shape);
  const inputShape: [number, number, number, number] = [N, C, H, W];
  const empty = hasEmptyWindow(g);
  // d maxPool2d(x) = maxPool2dBackward(dy): each window's gradient goes to its maximum.
  record('MaxPool2DWithIndicesBackward', [x], values, ([dy]) => [maxPool2dBackward(dy!, indices, inputShape, empty)], [indices]);
  return { values, indices };
}

/** Whether some window of `g` holds no in-image position (its index is then -1). */
function hasEmptyWindow(g: Im2colGeometry): boolean {
  for (let d = 0; d < 2; d++) {
    const n = g.size[d]!, k = g.kernel[d]!, s = g.stride[d]!, p = g.padding[d]!, dil = g.dilation[d]!;
    for (let i = 0; i < g.blocks[d]!; i++) {
      const start = i * s - p;
      const first = start < 0 ? start + Math.ceil(-start / dil) * dil : start;
      if (first >= Math.min(start + (k - 1) * dil + 1, n)) return true;
    }
  }
  return false;
}

/**
 * The input gradient of max pooling: zeros of `inputShape` `[N, C, H, W]` with each element of
 * `g` `[N, C, oh, ow]` added at its plane index in `indices` (overlapping windows accumulate;
 * index -1, an empty window, adds nothing: say `empty` when there may be one).
 */
export function maxPool2dBackward(g: Tensor, indices: Tensor, inputShape: readonly [number, number, number, number], empty = false): Tensor {
  if (indices.dtype !== 'int32') throw new DTypeError(`maxPool2dBackward: indices must be an int32 tensor, got dtype ${indices.dtype}`);
  if (g.ndim !== 4 || indices.ndim !== 4 || g.shape.some((s, k) => s !== indices.shape[k]) || g.shape[0] !== inputShape[0] || g.shape[1] !== inputShape[1]) {
    throw new ShapeError(`maxPool2dBackward: expected a gradient and indices [N, C, oh, ow] for an input ${fmtShape(inputShape)}, got ${fmtShape(g.shape)} and ${fmtShape(indices.shape)}`);
  }
  const y = fromStorage(g.backend.maxPool2dBackward(g, indices, inputShape), inputShape);
  // Linear in g, so its adjoint reads gg at the same indices: d(scatterAdd(0, idx, g)) = gather(dgg, idx).
  return record('MaxPool2DWithIndicesBackwardBackward', [g], y, ([gg]) => {
    const idx = indices.flatten(2);
    if (!empty) return [gg!.flatten(2).gather(2, idx).reshape(g.shape)];
    return [gg!.flatten(2).gather(2, idx.clamp(0)).where(idx.ge(0), 0).reshape(g.shape)];
  }, [indices]);
}
