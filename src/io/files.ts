/**
 * @file Synchronous file access for `tg.io`, with errors that name the function and the file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { IoError, type Source } from './errors.js';

/** How a path appears in messages. */
export function fileSource(fn: string, path: string): Source {
  return { fn, file: `'${path}'` };
}

/** The source of an in-memory buffer. */
export function bytesSource(fn: string): Source {
  return { fn, file: '<bytes>' };
}

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The whole file at `path`. */
export function readBytes(fn: string, path: string): Uint8Array {
  if (typeof path !== 'string') throw new IoError(`${fn}: the path must be a string, got ${typeof path}`);
  try {
    return readFileSync(path);
  } catch (e) {
    throw new IoError(`${fn}: cannot read '${path}': ${reason(e)}`, { cause: e });
  }
}

/** Writes `bytes` to `path`, replacing any file there. */
export function writeBytes(fn: string, path: string, bytes: Uint8Array): void {
  if (typeof path !== 'string') throw new IoError(`${fn}: the path must be a string, got ${typeof path}`);
  try {
    writeFileSync(path, bytes);
  } catch (e) {
    throw new IoError(`${fn}: cannot write '${path}': ${reason(e)}`, { cause: e });
  }
}

/** Checks that `bytes` is a `Uint8Array` (a Node `Buffer` is one). */
export function checkBytes(fn: string, bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) {
    throw new IoError(`${fn}: expected the file's bytes as a Uint8Array (or Buffer), got ${bytes === null ? 'null' : typeof bytes}`);
  }
}
