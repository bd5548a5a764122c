/**
 * @file tg.data `readIdx` / `parseIdx` on small hand-written IDX files: every element type
 * (big-endian), gzipped and plain files, and a clear `IoError` for each malformed one.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as data from '../../src/data/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-data-idx-'));

/** An IDX file: magic `0 0 code ndim`, big-endian uint32 dims, then `body`. */
function idx(code: number, dims: readonly number[], body: Uint8Array | readonly number[]): Uint8Array {
  const bytes = Uint8Array.from(body);
  const out = new Uint8Array(4 + 4 * dims.length + bytes.length);
  const view = new DataView(out.buffer);
  out.set([0, 0, code, dims.length]);
  dims.forEach((d, k) => view.setUint32(4 + 4 * k, d, false));
  out.set(bytes, 4 + 4 * dims.length);
  return out;
}

/** `values` encoded big-endian with `write` (`size` bytes each). */
function bigEndian(values: readonly number[], size: number, write: (v: DataView, at: number, x: number) => void): Uint8Array {
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  values.forEach((x, i) => write(view, i * size, x));
  return out;
}

/** Writes `bytes` to a fresh file and returns its path. */
function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('readIdx reads every element type', () => {
  const cases: [string, Uint8Array, tg.DType, number[], number[] | number[][]][] = [
    ['ubyte', idx(0x08, [2, 3], [0, 1, 2, 253, 254, 255]), 'int32', [2, 3], [[0, 1, 2], [253, 254, 255]]],
    ['byte', idx(0x09, [3], [0x80, 0xff, 0x7f]), 'int32', [3], [-128, -1, 127]],
    ['short', idx(0x0b, [3], bigEndian([-2, 300, -32768], 2, (v, at, x) => v.setInt16(at, x, false))), 'int32', [3], [-2, 300, -32768]],
    ['int', idx(0x0c, [2], bigEndian([-70000, 2147483647], 4, (v, at, x) => v.setInt32(at, x, false))), 'int32', [2], [-70000, 2147483647]],
    ['float', idx(0x0d, [1, 2], bigEndian([1.5, -0.25], 4, (v, at, x) => v.setFloat32(at, x, false))), 'float32', [1, 2], [[1.5, -0.25]]],
    ['double', idx(0x0e, [2], bigEndian([1e300, Math.PI], 8, (v, at, x) => v.setFloat64(at, x, false))), 'float64', [2], [1e300, Math.PI]],
  ];
  it.each(cases)('%s', (name, bytes, dtype, shape, values) => {
    for (const [label, content] of [['plain', bytes], ['gzipped', gzipSync(bytes)]] as const) {
      const t = data.readIdx(file(`${name}-${label}.idx`, content));
      expect([t.dtype, t.shape, t.toArray()], label).toEqual([dtype, shape, values]);
      expect(data.parseIdx(content).toArray(), label).toEqual(values);
    }
  });

  it('reads empty and 3-d files, as MNIST images are', () => {
    expect(data.parseIdx(idx(0x08, [0, 28, 28], [])).shape).toEqual([0, 28, 28]);
    const t = data.parseIdx(idx(0x08, [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]));
    expect(t.toArray()).toEqual([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
  });

  it('reads a Buffer that is a slice of a larger allocation', () => {
    const whole = Buffer.alloc(64, 9);
    const bytes = idx(0x0b, [2], [0x01, 0x00, 0xff, 0xfe]);
    whole.set(bytes, 5);
    expect(data.parseIdx(whole.subarray(5, 5 + bytes.length)).toArray()).toEqual([256, -2]);
  });
});

describe('readIdx errors', () => {
  const good = idx(0x08, [2, 2], [1, 2, 3, 4]);
  const cases: [string, Uint8Array, string][] = [
    ['too short', Uint8Array.from([0, 0, 8]), 'has 3 bytes, too few for an IDX header'],
    ['bad magic', Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0]), 'is not an IDX file: its magic number must start with 0x00 0x00, got 0x50 0x4B'],
    ['unknown type', idx(0x07, [1], [0]), 'has unknown IDX data type code 0x07; expected one of 0x08 (ubyte), 0x09 (byte), 0x0B (short), 0x0C (int), 0x0D (float), 0x0E (double)'],
    ['truncated header', good.subarray(0, 10), 'is truncated: its header declares 2 dims, which need 12 header bytes, but it has 10 bytes'],
    ['truncated data', good.subarray(0, 15), 'is truncated: dims [2,2] of ubyte need 4 bytes of data after the 12-byte header, but it has 3'],
    ['trailing bytes', Uint8Array.from([...good, 0]), 'has trailing bytes: dims [2,2] of ubyte need 4 bytes of data after the 12-byte header, but it has 5'],
    ['wrong size for the type', idx(0x0c, [2], [0, 0, 0, 1, 0, 0]), 'is truncated: dims [2] of int need 8 bytes of data after the 8-byte header, but it has 6'],
    ['truncated gzipped data', gzipSync(good.subarray(0, 13)), 'is truncated: dims [2,2] of ubyte need 4 bytes of data after the 12-byte header, but it has 1 (after gunzip)'],
    ['bad gzip', Uint8Array.from([0x1f, 0x8b, 8, 0, 1, 2, 3]), 'starts like a gzip file but cannot be gunzipped'],
  ];
  it.each(cases)('%s', (name, bytes, message) => {
    const path = file(`bad-${name.replace(/ /g, '-')}.idx`, bytes);
    expect(() => data.readIdx(path)).toThrow(tg.io.IoError);
    expect(() => data.readIdx(path)).toThrow(`readIdx: '${path}': ${message}`);
    expect(() => data.parseIdx(bytes)).toThrow(`parseIdx: <bytes>: ${message}`);
  });

  it('names a missing file, and a non-byte argument', () => {
    const missing = join(dir, 'nope.idx');
    expect(() => data.readIdx(missing)).toThrow(`readIdx: cannot read '${missing}'`);
    expect(() => data.parseIdx([0, 0, 8, 0] as unknown as Uint8Array)).toThrow('parseIdx: expected the file\'s bytes as a Uint8Array');
  });
});
