/**
 * @file Embedding lookup: rows of a weight matrix picked by int32 indices, with PyTorch's
 * `paddingIdx` (that row gets no gradient).
 */
import { DTypeError, IndexError, ShapeError, fmtShape } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of `embedding`. */
export interface EmbeddingOptions {
  /** A row (negative counts from the end) whose lookups pass no gradient to the weight. */
  paddingIdx?: number | null;
}

/**
 * Looks up rows of `weight`: the result has shape `[...indices.shape, embeddingDim]`. Lookups
 * of `paddingIdx` return that row's values but contribute no gradient to it.
 *
 * @param indices - int32 indices in `[0, numEmbeddings)`, any shape
 * @param weight - `[numEmbeddings, embeddingDim]`
 * @example
 * ```ts
 * const w = tg.tensor([[0, 0], [1, 1], [2, 2]]);
 * tg.F.embedding(tg.tensor([[2, 0]], { dtype: 'int32' }), w); // [[[2, 2], [0, 0]]]
 * ```
 */
export function embedding(indices: Tensor, weight: Tensor, options: EmbeddingOptions = {}): Tensor {
  if (indices.dtype !== 'int32') {
    throw new DTypeError(`embedding: indices must be an int32 tensor, got dtype ${indices.dtype} (shape ${fmtShape(indices.shape)}); convert with .int()`);
  }
  if (weight.ndim !== 2) {
    throw new ShapeError(`embedding: weight must be 2-d [numEmbeddings, embeddingDim], got shape ${fmtShape(weight.shape)}`);
  }
  const [num, dim] = weight.shape as [number, number];
  let pad = options.paddingIdx ?? null;
  if (pad !== null) {
    if (!Number.isInteger(pad) || pad < -num || pad >= num) {
      throw new IndexError(`embedding: paddingIdx must be within the ${num} rows of weight ${fmtShape(weight.shape)} (valid: ${-num} to ${num - 1}), got ${pad}`);
    }
    if (pad < 0) pad += num;
  }
  for (const v of indices.dataSync()) {
    if (!(v >= 0 && v < num)) {
      throw new IndexError(`embedding: index ${v} is out of range for weight ${fmtShape(weight.shape)} (valid: 0 to ${num - 1})`);
    }
  }
  const rows = weight.indexSelect(0, indices.reshape([-1])).reshape([...indices.shape, dim]);
  if (pad === null) return rows;
  // The padding lookups read detached rows: same values, no gradient.
  return rows.where(indices.ne(pad).unsqueeze(-1), rows.detach());
}
