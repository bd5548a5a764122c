/**
 * @file `DataLoader`: iterates over a data set in batches, optionally shuffled by a seeded
 * generator, collating each batch's samples with `defaultCollate` or a function of your own.
 */
import { TensorError } from '../core/errors.js';
import { type Generator, defaultGenerator } from '../core/rng.js';
import { allocTyped } from '../core/dtype.js';
import { tensor } from '../tensor/creation.js';
import { fromStorage } from '../tensor/make.js';
import type { Tensor } from '../tensor/tensor.js';
import { defaultCollate, type Collated } from './collate.js';
import { type Dataset, Subset, TensorDataset, randomPermutation } from './dataset.js';

/** Options of `DataLoader`. */
export interface DataLoaderOptions<T, B> {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** Visit the samples in a new random order each epoch (default false). */
  shuffle?: boolean;
  /** Leave out the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** Where shuffled orders come from (default: the global generator seeded by `tg.manualSeed`). */
  generator?: Generator;
  /** Makes a batch from a list of samples (default `tg.data.defaultCollate`). */
  collate?: (samples: T[]) => B;
}

/**
 * The tensors of a `TensorDataset` reached through zero or more `Subset`s, with the mapping of
 * outer indices to its rows, so that a batch can be taken without a view per sample.
 */
interface TensorRows {
  readonly tensors: readonly Tensor[];
  readonly rows: (indices: readonly number[]) => number[];
}

function tensorRows(dataset: unknown): TensorRows | null {
  if (dataset instanceof TensorDataset) return { tensors: dataset.tensors, rows: (indices) => [...indices] };
  if (dataset instanceof Subset) {
    const inner = tensorRows(dataset.dataset);
    const own = dataset.indices;
    return inner && { tensors: inner.tensors, rows: (indices) => inner.rows(indices.map((i) => own[i]!)) };
  }
  return null;
}

/**
 * Takes rows of `t` along dim 0: by copying row ranges out of its values (read once, when the
 * epoch starts) when it does not require grad, else with `indexSelect`, which autograd records.
 * Both give what stacking `t.select(0, i)` would.
 */
function rowTaker(t: Tensor): (rows: readonly number[]) => Tensor {
  if (t.requiresGrad) return (rows) => t.indexSelect(0, tensor([...rows], { dtype: 'int32' }));
  const values = t.dataSync();
  const rest = t.shape.slice(1);
  const width = rest.reduce((a, b) => a * b, 1);
  return (rows) => {
    const out = allocTyped(t.dtype, rows.length * width);
    rows.forEach((r, k) => out.set(values.subarray(r * width, (r + 1) * width), k * width));
    return fromStorage(t.backend.fromArray(out), [rows.length, ...rest]);
  };
}

function checkOption(option: string, value: unknown, valid: boolean, expected: string): void {
  if (!valid) throw new TensorError(`DataLoader: invalid ${option} ${String(value)}; expected ${expected}`);
}

/**
 * Iterates over `dataset` in batches: `for (const batch of loader)` visits every sample once
 * per loop (an epoch), `batchSize` at a time, as PyTorch's `DataLoader`. With `shuffle`, each
 * epoch draws a fresh order from `generator` (or from the global generator, so
 * `tg.manualSeed(s)` makes the orders reproducible); without it, samples come in index order.
 * Each batch is `collate(samples)`, by default `defaultCollate`: for a `TensorDataset(x, y)`
 * a batch is `[xBatch, yBatch]`, each stacked along a new dim 0.
 *
 * Args: `dataset` (a `Dataset`, or any object with `length` and `get(i)`); options
 * `{ batchSize = 1, shuffle = false, dropLast = false, generator, collate }`.
 *
 * @example
 * ```ts
 * const x = tg.arange(10).reshape([5, 2]);
 * const y = tg.arange(5);
 * const loader = new tg.data.DataLoader(new tg.data.TensorDataset(x, y), { batchSize: 2 });
 * loader.length; // 3 batches (2 + 2 + 1)
 * for (const [xb, yb] of loader) {
 *   xb.shape; // [2, 2], then [2, 2], then [1, 2]
 *   yb.shape; // [2], then [2], then [1]
 * }
 * ```
 *
 * @example
 * ```ts
 * // Reproducible shuffling with an explicit generator.
 * const ds = new tg.data.TensorDataset(tg.arange(6));
 * const order = (seed: number) =>
 *   [...new tg.data.DataLoader(ds, { batchSize: 3, shuffle: true, generator: new tg.Generator(seed) })]
 *     .map(([b]) => b!.toArray());
 * JSON.stringify(order(1)) === JSON.stringify(order(1)); // true
 * ```
 */
export class DataLoader<T, B = Collated<T>> implements Iterable<B> {
  /** The data set the batches come from. */
  readonly dataset: Dataset<T>;
  /** Samples per batch. */
  readonly batchSize: number;
  /** Whether each epoch visits the samples in a new random order. */
  readonly shuffle: boolean;
  /** Whether a last batch smaller than `batchSize` is left out. */
  readonly dropLast: boolean;
  /** The generator shuffled orders come from, or null for the global one. */
  readonly generator: Generator | null;
  #collate: ((samples: T[]) => B) | null;

  constructor(dataset: Dataset<T>, options: DataLoaderOptions<T, B> = {}) {
    const { batchSize = 1, shuffle = false, dropLast = false, generator = null, collate = null } = options;
    checkOption('dataset', dataset, typeof dataset === 'object' && dataset !== null && typeof dataset.get === 'function' && Number.isInteger(dataset.length) && dataset.length >= 0,
      'a Dataset (an object with an integer length and a get(i) method)');
    checkOption('batchSize', batchSize, Number.isInteger(batchSize) && batchSize >= 1, 'an integer >= 1');
    checkOption('shuffle', shuffle, typeof shuffle === 'boolean', 'true or false');
    checkOption('dropLast', dropLast, typeof dropLast === 'boolean', 'true or false');
    checkOption('collate', collate, collate === null || typeof collate === 'function', 'a function from a list of samples to a batch');
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.generator = generator;
    this.#collate = collate;
  }

  /**
   * The number of batches per epoch: `ceil(n / batchSize)`, or `floor(n / batchSize)` with
   * `dropLast`.
   *
   * @example
   * ```ts
   * const ds = new tg.data.TensorDataset(tg.zeros([10, 3]));
   * new tg.data.DataLoader(ds, { batchSize: 4 }).length;                 // 3
   * new tg.data.DataLoader(ds, { batchSize: 4, dropLast: true }).length; // 2
   * ```
   */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /**
   * One epoch of batches. The order (when shuffling) is drawn when the loop starts.
   *
   * @example
   * ```ts
   * const loader = new tg.data.DataLoader(new tg.data.TensorDataset(tg.arange(4)), { batchSize: 2 });
   * const it = loader[Symbol.iterator]();
   * it.next().value![0]!.toArray(); // [0, 1]
   * ```
   */
  [Symbol.iterator](): Iterator<B> {
    const n = this.dataset.length;
    const order = this.shuffle ? randomPermutation(n, this.generator ?? defaultGenerator) : null;
    return this.#batches(order, n);
  }

  *#batches(order: readonly number[] | null, n: number): IterableIterator<B> {
    // A TensorDataset (possibly through Subsets) is batched by copying its rows directly: the
    // same tensors `defaultCollate` would stack.
    const direct = this.#collate === null ? tensorRows(this.dataset) : null;
    const takers = direct?.tensors.map(rowTaker);
    const count = this.length;
    for (let b = 0; b < count; b++) {
      const start = b * this.batchSize;
      const end = Math.min(start + this.batchSize, n);
      const indices: number[] = [];
      for (let i = start; i < end; i++) indices.push(order === null ? i : order[i]!);
      if (direct && takers) {
        const rows = direct.rows(indices);
        yield takers.map((take) => take(rows)) as unknown[] as B;
      } else {
        const samples = indices.map((i) => this.dataset.get(i));
        yield this.#collate === null ? (defaultCollate(samples) as B) : this.#collate(samples);
      }
    }
  }
}
