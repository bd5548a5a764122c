/**
 * @file `defaultCollate`: how a `DataLoader` turns a list of samples into one batch: tensors
 * are stacked along a new dim 0, numbers and booleans become 1-d tensors, strings stay a list,
 * and arrays (tuples) and plain objects are collated element by element and key by key.
 */
import { TensorError, ShapeError, fmtShape } from '../core/errors.js';
import { tensor } from '../tensor/creation.js';
import { stack } from '../tensor/functions-shape.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * The type of a batch that `defaultCollate` makes from samples of type `T`: a tensor for
 * tensors, numbers and booleans, `string[]` for strings, and the same tuple, array or object
 * shape, collated inside, for arrays and objects.
 */
export type Collated<T> =
  T extends Tensor ? Tensor
    : T extends number | boolean ? Tensor
      : T extends string ? string[]
        : T extends readonly unknown[] ? { -readonly [K in keyof T]: Collated<T[K]> }
          : T extends object ? { -readonly [K in keyof T]: Collated<T[K]> }
            : never;

const kindOf = (value: unknown): string =>
  value instanceof Tensor ? 'a tensor'
    : value === null ? 'null'
      : Array.isArray(value) ? 'an array'
        : typeof value === 'object' ? 'an object' : `a ${typeof value}`;

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** Where in a sample `path` points, for messages. */
const at = (path: string): string => (path === '' ? 'the samples' : `samples${path}`);

function mismatch(path: string, first: unknown, k: number, other: unknown): never {
  throw new TensorError(`defaultCollate: cannot collate ${at(path)}: sample 0 holds ${kindOf(first)} but sample ${k} holds ${kindOf(other)}`);
}

function stackTensors(samples: readonly unknown[], path: string): Tensor {
  const tensors: Tensor[] = [];
  for (const s of samples) {
    if (!(s instanceof Tensor)) return mismatch(path, samples[0], tensors.length, s);
    const shape = tensors[0]?.shape;
    if (shape !== undefined && fmtShape(shape) !== fmtShape(s.shape)) {
      throw new ShapeError(`defaultCollate: cannot stack ${at(path)}: sample 0 has shape ${fmtShape(shape)} but sample ${tensors.length} has shape ${fmtShape(s.shape)}; every sample must have the same shape (or pass a collate function)`);
    }
    tensors.push(s);
  }
  return stack(tensors, 0);
}

function collateAt(samples: readonly unknown[], path: string): unknown {
  const first = samples[0];
  if (first instanceof Tensor) return stackTensors(samples, path);
  if (typeof first === 'number' || typeof first === 'boolean') {
    const values: number[] = [];
    samples.forEach((s, k) => {
      if (typeof s !== typeof first) mismatch(path, first, k, s);
      values.push(Number(s));
    });
    const ints = values.every((v) => Number.isInteger(v) && v >= -2147483648 && v <= 2147483647);
    return tensor(values, { dtype: typeof first === 'boolean' ? 'bool' : ints ? 'int32' : 'float32' });
  }
  if (typeof first === 'string') {
    samples.forEach((s, k) => { if (typeof s !== 'string') mismatch(path, first, k, s); });
    return [...samples];
  }
  if (Array.isArray(first)) {
    const rows: unknown[][] = [];
    samples.forEach((s, k) => {
      if (!Array.isArray(s)) mismatch(path, first, k, s);
      if (s.length !== first.length) {
        throw new TensorError(`defaultCollate: cannot collate ${at(path)}: sample 0 is an array of length ${first.length} but sample ${k} has length ${s.length}`);
      }
      rows.push(s);
    });
    return first.map((_, j) => collateAt(rows.map((r) => r[j]), `${path}[${j}]`));
  }
  if (isPlainObject(first)) {
    const keys = Object.keys(first);
    const objects: Record<string, unknown>[] = [];
    samples.forEach((s, k) => {
      if (!isPlainObject(s)) return mismatch(path, first, k, s);
      const sk = Object.keys(s);
      if (sk.length !== keys.length || !keys.every((key) => key in s)) {
        throw new TensorError(`defaultCollate: cannot collate ${at(path)}: sample 0 has keys [${keys.join(', ')}] but sample ${k} has keys [${sk.join(', ')}]`);
      }
      objects.push(s);
    });
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = collateAt(objects.map((o) => o[key]), `${path}.${key}`);
    return out;
  }
  throw new TensorError(`defaultCollate: cannot collate ${kindOf(first)} in ${at(path)}; expected tensors, numbers, booleans, strings, or arrays / plain objects of them (or pass a collate function)`);
}

/**
 * Makes one batch from a list of samples, as PyTorch's `default_collate`:
 * - tensors of equal shape `S` are stacked into one tensor of shape `[B, ...S]`;
 * - numbers become a 1-d tensor of length `B`: int32 when all are integers in int32's range,
 *   else float32 (PyTorch gives int64 / float64); booleans become a bool tensor;
 * - strings stay a `string[]`;
 * - arrays (tuples) are collated position by position, plain objects key by key, to any depth.
 *
 * Samples whose structure or tensor shapes differ throw an error that names the position
 * (`samples[1].image`) and both samples.
 *
 * @example
 * ```ts
 * const batch = tg.data.defaultCollate([
 *   { x: tg.tensor([1, 2]), y: 0 },
 *   { x: tg.tensor([3, 4]), y: 1 },
 * ]);
 * batch.x.shape;     // [2, 2]
 * batch.y.toArray(); // [0, 1] (int32)
 * ```
 */
export function defaultCollate<T>(samples: readonly T[]): Collated<T> {
  if (samples.length === 0) throw new TensorError('defaultCollate: expected at least one sample');
  return collateAt(samples, '') as Collated<T>;
}
