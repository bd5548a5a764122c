/**
 * @file Map-style data sets: the abstract `Dataset` (a length and `get(i)`), `TensorDataset`
 * (rows of tensors that share their first dim), `Subset` (a data set seen through a list of
 * indices) and `randomSplit`, which cuts a data set into random non-overlapping subsets.
 */
import { IndexError, ShapeError, TensorError, fmtShape } from '../core/errors.js';
import { Generator, defaultGenerator } from '../core/rng.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * A map-style data set: `length` samples, the `i`-th returned by `get(i)` for
 * `0 <= i < length`, as PyTorch's `torch.utils.data.Dataset`. Subclass it (or pass any object
 * with `length` and `get`) and hand it to a `DataLoader`.
 *
 * @example
 * ```ts
 * class Squares extends tg.data.Dataset<[number, number]> {
 *   get length(): number { return 5; }
 *   get(i: number): [number, number] { return [i, i * i]; }
 * }
 * const ds = new Squares();
 * ds.get(3); // [3, 9]
 * ```
 */
export abstract class Dataset<T> {
  /** How many samples there are. */
  abstract get length(): number;

  /** The sample at `index` (`0 <= index < length`). */
  abstract get(index: number): T;
}

/** Throws an `IndexError` naming `fn` unless `index` is an integer in [0, length). */
export function checkIndex(fn: string, index: number, length: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new IndexError(`${fn}: index ${String(index)} is out of range for a data set of length ${length}; expected an integer in [0, ${length})`);
  }
}

/**
 * Samples that are rows of tensors: sample `i` is `[t0[i], t1[i], …]`, the `i`-th slice along
 * dim 0 of each tensor (a view, not a copy), as PyTorch's `TensorDataset`. Every tensor must
 * have at least one dim and the same size of dim 0.
 *
 * Args: `...tensors`, one or more tensors of shapes `[N, …]`.
 *
 * @example
 * ```ts
 * const x = tg.arange(6).reshape([3, 2]);
 * const y = tg.tensor([0, 1, 0], { dtype: 'int32' });
 * const ds = new tg.data.TensorDataset(x, y);
 * ds.length;            // 3
 * const [xi, yi] = ds.get(1);
 * xi.toArray();         // [2, 3]
 * yi.item();            // 1
 * ```
 */
export class TensorDataset<T extends readonly Tensor[] = Tensor[]> extends Dataset<T> {
  /** The tensors, in the order given. */
  readonly tensors: T;

  constructor(...tensors: T) {
    super();
    if (tensors.length === 0) throw new TensorError('TensorDataset: expected at least one tensor');
    const n = tensors[0]!.shape[0];
    tensors.forEach((t, k) => {
      if (t.ndim === 0 || t.shape[0] !== n) {
        const shapes = tensors.map((u) => fmtShape(u.shape)).join(', ');
        throw new ShapeError(`TensorDataset: every tensor needs the same size of dim 0, but tensor ${k} has shape ${fmtShape(t.shape)} (shapes ${shapes})`);
      }
    });
    this.tensors = tensors;
  }

  /**
   * The number of rows (the size of dim 0).
   *
   * @example
   * ```ts
   * new tg.data.TensorDataset(tg.zeros([4, 3])).length; // 4
   * ```
   */
  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  /**
   * Row `index` of every tensor.
   *
   * @example
   * ```ts
   * const ds = new tg.data.TensorDataset(tg.arange(3));
   * ds.get(2)[0]!.item(); // 2
   * ```
   */
  get(index: number): T {
    checkIndex('TensorDataset.get', index, this.length);
    return this.tensors.map((t) => t.select(0, index)) as readonly Tensor[] as T;
  }
}

/**
 * The samples of `dataset` at `indices`, in that order: `subset.get(i)` is
 * `dataset.get(indices[i])`, as PyTorch's `Subset`. Indices may repeat.
 *
 * @example
 * ```ts
 * const ds = new tg.data.TensorDataset(tg.arange(10));
 * const evens = new tg.data.Subset(ds, [0, 2, 4]);
 * evens.length;             // 3
 * evens.get(1)[0]!.item();  // 2
 * ```
 */
export class Subset<T> extends Dataset<T> {
  /** The data set the samples come from. */
  readonly dataset: Dataset<T>;
  /** Which of its samples, in order. */
  readonly indices: readonly number[];

  constructor(dataset: Dataset<T>, indices: readonly number[]) {
    super();
    for (const i of indices) checkIndex('Subset', i, dataset.length);
    this.dataset = dataset;
    this.indices = Object.freeze([...indices]);
  }

  /**
   * The number of indices.
   *
   * @example
   * ```ts
   * new tg.data.Subset(new tg.data.TensorDataset(tg.arange(5)), [4, 1]).length; // 2
   * ```
   */
  get length(): number {
    return this.indices.length;
  }

  /**
   * The sample `indices[index]` of the underlying data set.
   *
   * @example
   * ```ts
   * const s = new tg.data.Subset(new tg.data.TensorDataset(tg.arange(5)), [4, 1]);
   * s.get(0)[0]!.item(); // 4
   * ```
   */
  get(index: number): T {
    checkIndex('Subset.get', index, this.indices.length);
    return this.dataset.get(this.indices[index]!);
  }
}

/** A random permutation of `0 … n-1` drawn from `generator` (Fisher–Yates). */
export function randomPermutation(n: number, generator: Generator): number[] {
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = generator.int(0, i + 1);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  return perm;
}

/** Options of `randomSplit`. */
export interface RandomSplitOptions {
  /** Where the permutation comes from (default: the global generator seeded by `tg.manualSeed`). */
  generator?: Generator;
}

/** The subset sizes `lengths` asks for: counts as given, or fractions turned into counts. */
function splitCounts(lengths: readonly number[], n: number): number[] {
  const shown = `[${lengths.join(', ')}]`;
  if (lengths.length === 0 || lengths.some((l) => typeof l !== 'number' || !(l >= 0))) {
    throw new TensorError(`randomSplit: lengths ${shown} must be a non-empty list of numbers >= 0`);
  }
  const total = lengths.reduce((a, b) => a + b, 0);
  if (lengths.every(Number.isInteger) && total === n) return [...lengths];
  if (lengths.every((l) => l <= 1) && Math.abs(total - 1) < 1e-9) {
    // As PyTorch: floor each fraction, then hand the remainder out one by one, round-robin.
    const counts = lengths.map((f) => Math.floor(f * n));
    let left = n - counts.reduce((a, b) => a + b, 0);
    for (let k = 0; left > 0; k = (k + 1) % counts.length, left--) counts[k]! += 1;
    return counts;
  }
  throw new TensorError(`randomSplit: lengths ${shown} sum to ${total}; expected counts that sum to the data set's length ${n}, or fractions that sum to 1`);
}

/**
 * Splits `dataset` into non-overlapping random subsets of the given sizes, as PyTorch's
 * `random_split`. `lengths` are either counts that sum to `dataset.length`, or fractions that
 * sum to 1 (each fraction is rounded down, and the samples left over are handed out one at a
 * time to the subsets in order). The split is reproducible: pass a `tg.Generator` (or
 * `{ generator }`), or seed the global generator with `tg.manualSeed`.
 *
 * @example
 * ```ts
 * const ds = new tg.data.TensorDataset(tg.arange(10));
 * const [train, val] = tg.data.randomSplit(ds, [0.8, 0.2], new tg.Generator(42));
 * train!.length; // 8
 * val!.length;   // 2
 * tg.data.randomSplit(ds, [7, 3]).map((s) => s.length); // [7, 3]
 * ```
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[], options: Generator | RandomSplitOptions = {}): Subset<T>[] {
  const counts = splitCounts(lengths, dataset.length);
  const generator = options instanceof Generator ? options : (options.generator ?? defaultGenerator);
  const perm = randomPermutation(dataset.length, generator);
  let start = 0;
  return counts.map((count) => {
    const subset = new Subset(dataset, perm.slice(start, start + count));
    start += count;
    return subset;
  });
}
