/**
 * @file Inverted dropout: zeroes elements with probability `p` and scales the kept ones by
 * `1 / (1 - p)`, drawing its mask from the seeded generator (`tg.manualSeed` or a `Generator`).
 */
import { TensorError } from '../core/errors.js';
import type { Generator } from '../core/rng.js';
import { rand } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of `dropout`. */
export interface DropoutOptions {
  /** Probability of zeroing an element, in [0, 1] (default 0.5). */
  p?: number;
  /** Apply dropout (default true); when false the input is returned unchanged. */
  training?: boolean;
  /** Generator for the mask (default: the global one, seeded by `tg.manualSeed`). */
  generator?: Generator;
}

/**
 * Inverted dropout: each element is zeroed with probability `p` and the others are multiplied
 * by `1 / (1 - p)`, so the expected value is unchanged; the gradient uses the same mask. The
 * identity when `training` is false or `p` is 0; all zeros when `p` is 1.
 *
 * @example
 * ```ts
 * tg.manualSeed(0);
 * const y = tg.F.dropout(tg.ones([8]), { p: 0.5 }); // each element 0 or 2
 * tg.F.dropout(tg.ones([2]), { training: false });  // [1, 1]
 * ```
 */
export function dropout(x: Tensor, options: DropoutOptions = {}): Tensor {
  const { p = 0.5, training = true, generator } = options;
  if (!(p >= 0 && p <= 1)) throw new TensorError(`dropout: probability p must be between 0 and 1, got ${p}`);
  if (!training || p === 0) return x;
  if (p === 1) return x.mul(0);
  const dtype = x.dtype === 'float64' ? 'float64' : 'float32';
  const keep = rand(x.shape, generator ? { dtype, generator } : { dtype }).lt(1 - p);
  return x.mul(keep.to(dtype).div(1 - p));
}
