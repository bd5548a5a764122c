/**
 * @file Parameterless shape modules: `Identity` and `Flatten`.
 */
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/**
 * Returns its input unchanged; a placeholder (for a removed layer, or a skip connection).
 * Constructor arguments are accepted and ignored, as in PyTorch.
 *
 * @example
 * ```ts
 * const x = tg.ones([2]);
 * new tg.nn.Identity().forward(x) === x; // true
 * ```
 */
export class Identity extends Module {
  constructor(...args: unknown[]) {
    super();
    void args;
  }

  /**
   * Returns `input`.
   *
   * @example
   * ```ts
   * new tg.nn.Identity().forward(tg.zeros([3])).shape; // [3]
   * ```
   */
  override forward<T>(input: T): T {
    return input;
  }
}

/** Options of `Flatten`. */
export interface FlattenOptions {
  /** First dim to flatten (default 1, keeping the batch dim). */
  startDim?: number;
  /** Last dim to flatten (default -1). */
  endDim?: number;
}

/**
 * Flattens dims `startDim..endDim` into one (by default every dim but the batch dim).
 *
 * Shape: `[N, *dims]` → `[N, prod(dims)]` with the defaults.
 *
 * @example
 * ```ts
 * new tg.nn.Flatten().forward(tg.zeros([32, 1, 5, 5])).shape;             // [32, 25]
 * new tg.nn.Flatten({ startDim: 0, endDim: 1 }).forward(tg.zeros([2, 3, 4])).shape; // [6, 4]
 * ```
 */
export class Flatten extends Module {
  /** First dim to flatten. */
  readonly startDim: number;
  /** Last dim to flatten. */
  readonly endDim: number;

  constructor(options: FlattenOptions = {}) {
    super();
    this.startDim = options.startDim ?? 1;
    this.endDim = options.endDim ?? -1;
  }

  /**
   * Flattens `input`.
   *
   * @example
   * ```ts
   * new tg.nn.Flatten().forward(tg.zeros([2, 3, 4])).shape; // [2, 12]
   * ```
   */
  override forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }

  /**
   * `start_dim=…, end_dim=…`.
   *
   * @example
   * ```ts
   * new tg.nn.Flatten().extraRepr(); // 'start_dim=1, end_dim=-1'
   * ```
   */
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}
