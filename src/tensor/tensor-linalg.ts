/**
 * @file Softmax and matrix products as `Tensor` methods.
 */
import { bmm, dot, matmul, mm, outer } from '../ops/matmul.js';
import { logSoftmax, softmax } from '../ops/softmax.js';
import { TensorMath } from './tensor-math.js';
import type { Tensor } from './tensor.js';

/** Softmax and matrix-product methods of `Tensor`. */
export class TensorLinalg extends TensorMath {
  /**
   * Softmax along `dim` (stable).
   *
   * @example
   * ```ts
   * tg.tensor([0, 0]).softmax(0); // [0.5, 0.5]
   * ```
   */
  softmax(dim: number): Tensor { return softmax(this.self, dim); }

  /**
   * Log-softmax along `dim` (stable).
   *
   * @example
   * ```ts
   * tg.tensor([0, 0]).logSoftmax(0); // [-0.6931, -0.6931]
   * ```
   */
  logSoftmax(dim: number): Tensor { return logSoftmax(this.self, dim); }

  /**
   * Matrix product as `torch.matmul` (1-d operands, broadcast batches).
   *
   * @example
   * ```ts
   * tg.ones([2, 3]).matmul(tg.ones([3])); // [3, 3]
   * ```
   */
  matmul(other: Tensor): Tensor { return matmul(this.self, other); }

  /**
   * Product of two matrices.
   *
   * @example
   * ```ts
   * tg.eye(2).mm(tg.ones([2, 2])); // [[1, 1], [1, 1]]
   * ```
   */
  mm(other: Tensor): Tensor { return mm(this.self, other); }

  /**
   * Batched matrix product of 3-d tensors.
   *
   * @example
   * ```ts
   * tg.ones([4, 2, 3]).bmm(tg.ones([4, 3, 5])).shape; // [4, 2, 5]
   * ```
   */
  bmm(other: Tensor): Tensor { return bmm(this.self, other); }

  /**
   * Inner product of 1-d tensors.
   *
   * @example
   * ```ts
   * tg.tensor([1, 2]).dot(tg.tensor([3, 4])); // 11
   * ```
   */
  dot(other: Tensor): Tensor { return dot(this.self, other); }

  /**
   * Outer product of 1-d tensors.
   *
   * @example
   * ```ts
   * tg.tensor([1, 2]).outer(tg.tensor([3, 4])); // [[3, 4], [6, 8]]
   * ```
   */
  outer(other: Tensor): Tensor { return outer(this.self, other); }
}
