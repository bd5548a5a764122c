/**
 * @file tg.data ready-made data sets: `mnist` (the `mnist` package's 10,000 digits, split
 * deterministically), `iris`, and `fashionMnist` on Debian's files when installed (else its
 * error naming the package), plus small hand-written Fashion-MNIST folders.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as data from '../../src/data/index.js';

/** How many of each label `labels` holds. */
const counts = (labels: tg.Tensor, classes: number): number[] => {
  const out = new Array<number>(classes).fill(0);
  for (const l of labels.dataSync()) out[l]! += 1;
  return out;
};

describe('mnist', () => {
  const train = data.mnist();
  const test = data.mnist({ split: 'test' });

  it('gives [N,1,28,28] float32 images in [0,1] and [N] int32 labels', () => {
    for (const [{ images, labels, classNames }, n] of [[train, 7996], [test, 2004]] as const) {
      expect([images.shape, images.dtype, labels.shape, labels.dtype]).toEqual([[n, 1, 28, 28], 'float32', [n], 'int32']);
      expect([images.min().item(), images.max().item()]).toEqual([0, 1]);
      expect(labels.min().item()).toBe(0);
      expect(labels.max().item()).toBe(9);
      expect(classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    }
    const mean = train.images.mean().item();
    expect(mean).toBeGreaterThan(0.1);
    expect(mean).toBeLessThan(0.15);
  });

  it('splits each digit 80/20, with classes mixed', () => {
    const all = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
    expect(counts(train.labels, 10)).toEqual(all.map((n) => Math.floor(0.8 * n)));
    expect(counts(test.labels, 10)).toEqual(all.map((n) => n - Math.floor(0.8 * n)));
    expect(new Set(train.labels.slice(0, 0, 30).toArray() as number[]).size).toBeGreaterThan(5);
  });

  it('is deterministic, whatever the global seed', () => {
    tg.manualSeed(123);
    const again = data.mnist({ split: 'test' });
    expect(again.labels.toArray()).toEqual(test.labels.toArray());
    expect(again.images.sub(test.images).abs().max().item()).toBe(0);
    expect(data.mnist({ split: 'all' }).labels.shape).toEqual([10000]);
  });

  it('rejects an unknown split', () => {
    expect(() => data.mnist({ split: 'val' as 'test' })).toThrow("mnist: invalid split 'val'; expected 'train', 'test' or 'all'");
  });
});

describe('iris', () => {
  it('gives [150,4] float32 features and [150] int32 labels, 50 per class', () => {
    const { features, labels, classNames } = data.iris();
    expect([features.shape, features.dtype, labels.shape, labels.dtype]).toEqual([[150, 4], 'float32', [150], 'int32']);
    expect(classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(counts(labels, 3)).toEqual([50, 50, 50]);
    expect(features.select(0, 0).toArray()).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
    expect([labels.select(0, 0).item(), labels.select(0, 75).item(), labels.select(0, 149).item()]).toEqual([0, 1, 2]);
    expect(features.min().item()).toBeCloseTo(0.1);
    expect(features.max().item()).toBeCloseTo(7.9);
  });
});

describe('fashionMnist', () => {
  const debian = '/usr/share/datasets/fashion-mnist/';
  const installed = existsSync(join(debian, 't10k-images-idx3-ubyte.gz')) || existsSync(join(debian, 't10k-images-idx3-ubyte'));

  it(`reads Debian's test split (${installed ? 'installed' : 'absent: its error names the package'})`, () => {
    if (!installed) {
      expect(() => data.fashionMnist({ train: false })).toThrow('apt-get install dataset-fashion-mnist');
      return;
    }
    const { images, labels, classNames } = data.fashionMnist({ train: false });
    expect([images.shape, images.dtype, labels.shape, labels.dtype]).toEqual([[10000, 1, 28, 28], 'float32', [10000], 'int32']);
    expect([images.min().item(), images.max().item()]).toEqual([0, 1]);
    expect(counts(labels, 10)).toEqual(new Array(10).fill(1000));
    expect(labels.slice(0, 0, 10).toArray()).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
    expect(classNames[9]).toBe('Ankle boot');
  });

  it('names the Debian package when the files are absent', () => {
    const empty = mkdtempSync(join(tmpdir(), 'tg-data-fashion-empty-'));
    expect(() => data.fashionMnist({ root: empty })).toThrow(tg.io.IoError);
    expect(() => data.fashionMnist({ root: empty })).toThrow(
      `fashionMnist: cannot find 'train-images-idx3-ubyte.gz' (or 'train-images-idx3-ubyte') in '${empty}'. On Debian or Ubuntu, install the package that provides them: apt-get install dataset-fashion-mnist`,
    );
  });

  /** A folder with IDX files of `n` images (pixel p of image i = (i + p) % 256) and labels. */
  function folder(n: number, labels: readonly number[], { gzip = false, side = 28 } = {}): string {
    const root = mkdtempSync(join(tmpdir(), 'tg-data-fashion-'));
    mkdirSync(root, { recursive: true });
    const header = (code: number, dims: number[]): number[] => [0, 0, code, dims.length, ...dims.flatMap((d) => [0, 0, d >> 8, d & 255])];
    const pixels = Array.from({ length: n * side * side }, (_, k) => (Math.floor(k / (side * side)) + (k % (side * side))) % 256);
    const write = (name: string, bytes: number[]) =>
      writeFileSync(join(root, gzip ? `${name}.gz` : name), gzip ? gzipSync(Uint8Array.from(bytes)) : Uint8Array.from(bytes));
    write('t10k-images-idx3-ubyte', [...header(8, [n, side, side]), ...pixels]);
    write('t10k-labels-idx1-ubyte', [...header(8, [labels.length]), ...labels]);
    return root;
  }

  it('reads plain and gzipped files from any root, scaling pixels by 1/255', () => {
    for (const gzip of [false, true]) {
      const { images, labels } = data.fashionMnist({ root: folder(2, [3, 9], { gzip }), train: false });
      expect(images.shape).toEqual([2, 1, 28, 28]);
      expect(labels.toArray()).toEqual([3, 9]);
      expect(images.select(0, 1).flatten().slice(0, 0, 3).toArray()).toEqual([1, 2, 3].map((v) => Math.fround(v / 255)));
      expect(images.max().item()).toBe(1);
    }
  });

  it('rejects files that are not Fashion-MNIST', () => {
    expect(() => data.fashionMnist({ root: folder(2, [1]), train: false })).toThrow('expected 2 ubyte labels (dims [2]) to match the images');
    expect(() => data.fashionMnist({ root: folder(1, [10]), train: false })).toThrow('label 0 is 10; expected 0…9');
    expect(() => data.fashionMnist({ root: folder(1, [1], { side: 27 }), train: false })).toThrow(
      'holds ubyte of dims [1,27,27]; expected ubyte images of dims [N,28,28]',
    );
  });
});
