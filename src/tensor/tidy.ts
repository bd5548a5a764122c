/**
 * @file `tg.tidy`: a scope whose intermediate device tensors are released when it ends.
 */

/**
 * Runs `fn` and returns its result. On the GPU, tensors created inside and not returned are
 * released when the scope ends; on the CPU, garbage collection does that, so this only calls `fn`.
 *
 * @example
 * ```ts
 * const loss = tg.tidy(() => tg.ones([3]).mul(2).sum());
 * ```
 */
export function tidy<R>(fn: () => R): R {
  return fn();
}
