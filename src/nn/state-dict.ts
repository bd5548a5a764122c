/**
 * @file State-dict loading for `Module.loadStateDict` (check everything, then copy), its error
 * class, and small naming and formatting helpers shared by the module system.
 */
import type { DType } from '../core/dtype.js';
import { TensorError, fmtShape } from '../core/errors.js';
import { noGrad } from '../autograd/grad-mode.js';
import { Tensor } from '../tensor/tensor.js';

/** A state dict to load: dotted keys to tensors, as a plain object or a `Map`. */
export type StateDictLike = Readonly<Record<string, Tensor>> | ReadonlyMap<string, Tensor>;

/** What `loadStateDict` reports. */
export interface LoadStateDictResult {
  /** Keys the module has but the state dict lacks. */
  missingKeys: string[];
  /** Keys the state dict has but the module lacks. */
  unexpectedKeys: string[];
}

/**
 * Thrown by `loadStateDict` when the state dict does not fit the module; the message lists
 * every problem (PyTorch's "Error(s) in loading state_dict for …"), the fields hold them.
 *
 * @example
 * ```ts
 * const m = new tg.nn.Module();
 * m.registerParameter('w', new tg.nn.Parameter(tg.ones([2])));
 * try {
 *   m.loadStateDict({ v: tg.ones([2]) });
 * } catch (e) {
 *   if (e instanceof tg.nn.LoadStateDictError) e.missingKeys; // ['w']
 * }
 * ```
 */
export class LoadStateDictError extends TensorError {
  override name = 'LoadStateDictError';

  constructor(
    message: string,
    /** Keys the module has but the state dict lacks (reported when strict). */
    readonly missingKeys: readonly string[],
    /** Keys the state dict has but the module lacks (reported when strict). */
    readonly unexpectedKeys: readonly string[],
    /** One line per key whose shape or dtype does not fit, or whose value is not a tensor. */
    readonly mismatches: readonly string[],
  ) {
    super(message);
  }
}

const kind = (dtype: DType): string => (dtype === 'float32' || dtype === 'float64' ? 'float' : dtype);
const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Checks `source` against `targets` (the module's state-dict entries, by key) and, when
 * everything fits, copies each source tensor into its target under `noGrad`. Throws one
 * `LoadStateDictError` listing every problem before copying anything.
 * @internal
 */
export function loadInto(
  moduleName: string,
  targets: ReadonlyMap<string, Tensor>,
  source: StateDictLike,
  strict: boolean,
): LoadStateDictResult {
  const entries: [string, unknown][] = source instanceof Map ? [...source] : Object.entries(source);
  const given = new Map(entries);
  const missingKeys = [...targets.keys()].filter((k) => !given.has(k));
  const unexpectedKeys = entries.map(([k]) => k).filter((k) => !targets.has(k));
  const mismatches: string[] = [];
  for (const [key, target] of targets) {
    if (!given.has(key)) continue;
    const value = given.get(key);
    if (!(value instanceof Tensor)) {
      mismatches.push(`value for ${key}: expected a Tensor, got ${value === null ? 'null' : typeof value}.`);
    } else if (!sameShape(value.shape, target.shape)) {
      mismatches.push(
        `size mismatch for ${key}: copying a param with shape ${fmtShape(value.shape)} from checkpoint, ` +
          `the shape in current model is ${fmtShape(target.shape)}.`,
      );
    } else if (kind(value.dtype) !== kind(target.dtype)) {
      mismatches.push(`dtype mismatch for ${key}: copying a ${value.dtype} tensor from checkpoint into a ${target.dtype} tensor.`);
    }
  }
  const problems: string[] = [];
  if (strict && missingKeys.length > 0) problems.push(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}.`);
  if (strict && unexpectedKeys.length > 0) problems.push(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}.`);
  problems.push(...mismatches);
  if (problems.length > 0) {
    throw new LoadStateDictError(
      `Error(s) in loading state_dict for ${moduleName}:\n\t${problems.join('\n\t')}\nNothing was loaded.`,
      strict ? missingKeys : [],
      strict ? unexpectedKeys : [],
      mismatches,
    );
  }
  noGrad(() => {
    for (const [key, target] of targets) {
      const value = given.get(key);
      if (value instanceof Tensor) target.copy_(value);
    }
  });
  return { missingKeys, unexpectedKeys };
}

/** Throws unless `name` can name a parameter, buffer or module (non-empty, no dot). @internal */
export function checkName(op: string, name: string): void {
  if (typeof name !== 'string' || name === '' || name.includes('.')) {
    throw new TensorError(`${op}: the name must be a non-empty string without '.', got ${JSON.stringify(name)}`);
  }
}

/** `prefix.name`, or `name` when the prefix is empty. @internal */
export function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

/** Indents every line but the first by `spaces` (PyTorch's `_addindent`). @internal */
export function addIndent(text: string, spaces: number): string {
  const lines = text.split('\n');
  if (lines.length === 1) return text;
  const pad = ' '.repeat(spaces);
  return [lines[0], ...lines.slice(1).map((l) => pad + l)].join('\n');
}
