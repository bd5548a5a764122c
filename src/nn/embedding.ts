/**
 * @file `Embedding` (PyTorch's `torch/nn/modules/sparse.py`): a lookup table of learnable
 * vectors indexed by int32 ids; the math is `F.embedding`.
 */
import { noGrad } from '../autograd/grad-mode.js';
import type { DType } from '../core/dtype.js';
import { IndexError, ShapeError, fmtShape } from '../core/errors.js';
import { embedding } from '../functional/embedding.js';
import { empty } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { normal_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

/** Options of `Embedding`. */
export interface EmbeddingOptions {
  /** A row (negative counts from the end) that starts at zeros and gets no gradient, e.g. for padding tokens. */
  paddingIdx?: number | null;
  /** dtype of the weight (default float32). */
  dtype?: DType;
}

/** Options of `Embedding.fromPretrained`. */
export interface FromPretrainedOptions {
  /** Keep the weight fixed: `requiresGrad` false (default true). */
  freeze?: boolean;
  /** As in the constructor; the given row is not zeroed. */
  paddingIdx?: number | null;
}

/** `paddingIdx` as a row index in `[0, num)`, or null. */
function normalizePaddingIdx(num: number, paddingIdx: number | null | undefined): number | null {
  if (paddingIdx === null || paddingIdx === undefined) return null;
  if (!Number.isInteger(paddingIdx) || paddingIdx < -num || paddingIdx >= num) {
    throw new IndexError(`Embedding: padding_idx must be within num_embeddings (valid: ${-num} to ${num - 1}), got ${paddingIdx}`);
  }
  return paddingIdx < 0 ? paddingIdx + num : paddingIdx;
}

/**
 * A table of `numEmbeddings` vectors of size `embeddingDim` (PyTorch's `nn.Embedding`), looked up
 * by int32 indices.
 *
 * Parameters: `weight` `[numEmbeddings, embeddingDim]` from N(0, 1), with row `paddingIdx`
 * (when given) set to zeros; lookups of that row pass no gradient to it.
 *
 * Shape: int32 indices of any shape `[*]` → `[*, embeddingDim]`.
 *
 * @example
 * ```ts
 * const emb = new tg.nn.Embedding(10, 3, { paddingIdx: 0 });
 * const ids = tg.tensor([[1, 2, 4, 5], [4, 3, 2, 0]], { dtype: 'int32' });
 * emb.forward(ids).shape; // [2, 4, 3]
 * emb.weight.select(0, 0).toArray(); // [0, 0, 0]
 * ```
 */
export class Embedding extends Module {
  /** The table `[numEmbeddings, embeddingDim]`. */
  weight: Parameter;
  /** Number of rows. */
  readonly numEmbeddings: number;
  /** Size of each vector. */
  readonly embeddingDim: number;
  /** The padding row (normalized to `[0, numEmbeddings)`), or null. */
  readonly paddingIdx: number | null;

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    this.weight = new Parameter(empty([numEmbeddings, embeddingDim], { dtype: options.dtype ?? 'float32' }));
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = normalizePaddingIdx(numEmbeddings, options.paddingIdx);
    this.resetParameters();
  }

  /**
   * An embedding whose weight is (a view of) `embeddings` `[numEmbeddings, embeddingDim]`,
   * frozen unless `freeze: false`.
   *
   * @example
   * ```ts
   * const emb = tg.nn.Embedding.fromPretrained(tg.tensor([[1, 2.3, 3], [4, 5.1, 6.3]]));
   * emb.forward(tg.tensor([1], { dtype: 'int32' })); // [[4, 5.1, 6.3]]
   * emb.weight.requiresGrad; // false
   * ```
   */
  static fromPretrained(embeddings: Tensor, options: FromPretrainedOptions = {}): Embedding {
    if (embeddings.ndim !== 2) {
      throw new ShapeError(`Embedding.fromPretrained: embeddings must be 2-d [numEmbeddings, embeddingDim], got ${fmtShape(embeddings.shape)}`);
    }
    const [num, dim] = embeddings.shape as [number, number];
    const emb = new Embedding(num, dim, { paddingIdx: options.paddingIdx ?? null, dtype: embeddings.dtype });
    emb.weight = new Parameter(embeddings.detach(), !(options.freeze ?? true));
    return emb;
  }

  /**
   * Re-draws the weight from N(0, 1) and zeroes the padding row.
   *
   * @example
   * ```ts
   * new tg.nn.Embedding(5, 2).resetParameters();
   * ```
   */
  resetParameters(): void {
    normal_(this.weight);
    if (this.paddingIdx !== null) {
      const row = this.weight.select(0, this.paddingIdx);
      noGrad(() => row.fill_(0));
    }
  }

  /**
   * The rows of `weight` picked by `input` (int32).
   *
   * @example
   * ```ts
   * new tg.nn.Embedding(4, 2).forward(tg.tensor([0, 3, 3], { dtype: 'int32' })).shape; // [3, 2]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return embedding(input, this.weight, { paddingIdx: this.paddingIdx });
  }

  /**
   * `num_embeddings, embedding_dim` and `padding_idx=…` when set.
   *
   * @example
   * ```ts
   * new tg.nn.Embedding(10, 3, { paddingIdx: -1 }).extraRepr(); // '10, 3, padding_idx=9'
   * ```
   */
  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx === null ? '' : `, padding_idx=${this.paddingIdx}`}`;
  }
}
