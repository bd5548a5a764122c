/**
 * @file Similarities between vectors: `cosineSimilarity`.
 */
import { ShapeError, fmtShape } from '../core/errors.js';
import { broadcastShapes } from '../core/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of `cosineSimilarity`. */
export interface CosineSimilarityOptions {
  /** The dim holding the vectors (default 1). */
  dim?: number;
  /** Smallest norm used to divide by (default 1e-8). */
  eps?: number;
}

/**
 * Cosine similarity along `dim` of `x1` and `x2` (broadcast together), computed as PyTorch 1.13
 * does: `Σ (x₁ / √max(Σx₁², eps²)) · (x₂ / √max(Σx₂², eps²))`; the clamp changes the value
 * only, the gradient flows through `Σx²` as if it were unclamped (PyTorch clamps in place
 * under no_grad). Zero vectors give 0 with a finite gradient.
 *
 * @example
 * ```ts
 * tg.F.cosineSimilarity(tg.tensor([[1, 0], [1, 1]]), tg.tensor([[0, 1], [2, 2]])); // [0, 1]
 * ```
 */
export function cosineSimilarity(x1: Tensor, x2: Tensor, options: CosineSimilarityOptions = {}): Tensor {
  const { dim = 1, eps = 1e-8 } = options;
  let shape: readonly number[];
  try {
    shape = broadcastShapes('cosineSimilarity', x1.shape, x2.shape);
  } catch {
    throw new ShapeError(`cosineSimilarity: inputs ${fmtShape(x1.shape)} and ${fmtShape(x2.shape)} are not broadcastable`);
  }
  const a = x1.expand(shape), b = x2.expand(shape);
  const unit = (v: Tensor): Tensor => {
    const sq = v.square().sum(dim, true);
    // PyTorch clamps Σv² to eps² in place under no_grad: the clamped value, the unclamped gradient.
    return v.div(sq.add(sq.detach().clamp(eps * eps).sub(sq.detach())).sqrt());
  };
  return unit(a).mul(unit(b)).sum(dim);
}
