/**
 * @file Error classes. Every message names the op, the shapes or dtypes involved and what
 * would be valid.
 */

/** Base class of every error tensorgrad throws on purpose. */
export class TensorError extends Error {
  override name = 'TensorError';
}

/** Shapes that do not fit together (broadcasting, matmul, reshape, cat …). */
export class ShapeError extends TensorError {
  override name = 'ShapeError';
}

/** A dtype an op does not accept. */
export class DTypeError extends TensorError {
  override name = 'DTypeError';
}

/** A dim or an index outside its valid range. */
export class IndexError extends TensorError {
  override name = 'IndexError';
}

/** Misuse of the autograd engine (freed graphs, in-place conflicts, non-scalar backward …). */
export class AutogradError extends TensorError {
  override name = 'AutogradError';
}

/** Formats a shape the way messages show it: `[3,4]`. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
