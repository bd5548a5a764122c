/**
 * @file `Dropout` (PyTorch's `torch/nn/modules/dropout.py`): `F.dropout` in training mode, the
 * identity in evaluation mode.
 */
import { TensorError } from '../core/errors.js';
import type { Generator } from '../core/rng.js';
import { dropout } from '../functional/dropout.js';
import type { Tensor } from '../tensor/tensor.js';
import { pyFloat } from './linear.js';
import { Module } from './module.js';

/** Options of `Dropout`. */
export interface DropoutOptions {
  /** Generator for the masks (default: the global one, seeded by `tg.manualSeed`). */
  generator?: Generator;
}

/**
 * Inverted dropout (PyTorch's `nn.Dropout`): while training, zeroes each element with
 * probability `p` and scales the others by `1 / (1 - p)`; in evaluation mode (`eval()`) returns
 * its input unchanged.
 *
 * Shape: any; the output has the input's shape.
 *
 * @param p - probability of zeroing an element (default 0.5)
 * @example
 * ```ts
 * tg.manualSeed(0);
 * const drop = new tg.nn.Dropout(0.2);
 * drop.forward(tg.ones([4, 5])); // each element 0 or 1.25
 * drop.eval().forward(tg.ones([2])); // [1, 1]
 * ```
 */
export class Dropout extends Module {
  /** Probability of zeroing an element. */
  readonly p: number;
  readonly #generator: Generator | undefined;

  constructor(p = 0.5, options: DropoutOptions = {}) {
    super();
    if (!(p >= 0 && p <= 1)) throw new TensorError(`Dropout: dropout probability has to be between 0 and 1, but got ${p}`);
    this.p = p;
    this.#generator = options.generator;
  }

  /**
   * Applies dropout when training, the identity otherwise.
   *
   * @example
   * ```ts
   * new tg.nn.Dropout(0.5).eval().forward(tg.ones([3])); // [1, 1, 1]
   * ```
   */
  override forward(input: Tensor): Tensor {
    const generator = this.#generator;
    return dropout(input, generator ? { p: this.p, training: this.training, generator } : { p: this.p, training: this.training });
  }

  /**
   * `p=…, inplace=False`.
   *
   * @example
   * ```ts
   * new tg.nn.Dropout().extraRepr(); // 'p=0.5, inplace=False'
   * ```
   */
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=False`;
  }
}
