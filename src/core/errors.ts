/**
 * @file Error classes. Every message names the op, the shapes or dtypes involved and what
 * would be valid.
 */

/**
 * Base class of every error tensorgrad throws on purpose.
 *
 * @example
 * ```ts
 * try {
 *   tg.ones([2]).add(tg.ones([3]));
 * } catch (e) {
 *   e instanceof tg.TensorError; // true
 * }
 * ```
 */
export class TensorError extends Error {
  override name = 'TensorError';
}

/**
 * Shapes that do not fit together (broadcasting, matmul, reshape, cat …).
 *
 * @example
 * ```ts
 * tg.ones([3, 4]).matmul(tg.ones([5, 6])); // throws ShapeError
 * ```
 */
export class ShapeError extends TensorError {
  override name = 'ShapeError';
}

/**
 * A dtype an op does not accept.
 *
 * @example
 * ```ts
 * tg.arange(3).mean(); // throws DTypeError
 * ```
 */
export class DTypeError extends TensorError {
  override name = 'DTypeError';
}

/**
 * A dim or an index outside its valid range.
 *
 * @example
 * ```ts
 * tg.ones([2, 2]).sum(5); // throws IndexError
 * ```
 */
export class IndexError extends TensorError {
  override name = 'IndexError';
}

/**
 * Misuse of the autograd engine (freed graphs, in-place conflicts, non-scalar backward …).
 *
 * @example
 * ```ts
 * tg.ones([2], { requiresGrad: true }).mul(2).backward(); // throws AutogradError
 * ```
 */
export class AutogradError extends TensorError {
  override name = 'AutogradError';
}

/** Formats a shape the way messages show it: `[3,4]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
