/**
 * @file The error `tg.io` throws for unreadable or malformed files and for data it cannot
 * write, and the helper that words its messages.
 */
import { TensorError } from '../core/errors.js';

/**
 * A file or byte buffer that cannot be read or written: a missing file, a truncated or
 * malformed safetensors / `.npy` file, a dtype the format or tensorgrad cannot hold, or a
 * value out of range. The message names the function, the file (or `<bytes>` for in-memory
 * buffers) and what is wrong.
 *
 * @example
 * ```ts
 * try {
 *   tg.io.deserialize(new Uint8Array(3));
 * } catch (e) {
 *   e instanceof tg.io.IoError; // true
 *   e instanceof tg.TensorError; // true
 * }
 * ```
 */
export class IoError extends TensorError {
  override name = 'IoError';
}

/** Where bytes came from, for messages: the function reading them and the file (or `<bytes>`). */
export interface Source {
  /** The public function, e.g. `load` or `deserializeNpy`. */
  readonly fn: string;
  /** The file path, or `<bytes>` for an in-memory buffer. */
  readonly file: string;
}

/** Throws an `IoError` reading "`fn`: `file`: `what`". */
export function fail(source: Source, what: string): never {
  throw new IoError(`${source.fn}: ${source.file}: ${what}`);
}

/** `value` as JSON for a message, cut to `max` characters. */
export function preview(value: unknown, max = 80): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
