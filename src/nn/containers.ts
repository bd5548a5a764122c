/**
 * @file Container modules: `Sequential` (runs its children in order) and `ModuleList` (holds
 * submodules so their parameters are found, with no forward of its own); `ModuleDict` is in
 * `module-dict.ts`. Each keeps its children in a private list and names them for discovery.
 */
import { IndexError, TensorError } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module, reprLines } from './module.js';
import { addIndent, checkName } from './state-dict.js';

/** `index` (negative counts from the end) as a position in `0..length-1`, or an IndexError. */
function position(op: string, index: number, length: number): number {
  const i = index < 0 ? index + length : index;
  if (!Number.isInteger(i) || i < 0 || i >= length) {
    throw new IndexError(`${op}: index ${index} is out of range for a container of ${length} modules`);
  }
  return i;
}

/** `m` if it is a module, else a TensorError naming `op`. @internal */
export function checkModule(op: string, m: unknown): Module {
  if (!(m instanceof Module)) throw new TensorError(`${op}: expected an nn.Module, got ${m === null ? 'null' : typeof m}`);
  return m;
}

/**
 * Runs modules one after another: `forward(x)` feeds `x` to the first, its output to the
 * second, and so on. Children are named `0`, `1`, … or, when built from an object of named
 * modules, by their keys.
 *
 * @example
 * ```ts
 * const net = new tg.nn.Sequential(new tg.nn.Flatten(), new tg.nn.Identity());
 * net.forward(tg.ones([2, 3, 4])).shape; // [2, 12]
 * const named = new tg.nn.Sequential({ flat: new tg.nn.Flatten() });
 * named.namedChildren().map(([n]) => n); // ['flat']
 * ```
 */
export class Sequential extends Module {
  #entries: [string, Module][];

  constructor(...modules: Module[]);
  constructor(modules: Readonly<Record<string, Module>>);
  constructor(...args: Module[] | [Readonly<Record<string, Module>>]) {
    super();
    const first = args[0];
    if (args.length === 1 && first !== undefined && !(first instanceof Module)) {
      this.#entries = Object.entries(first).map(([name, m]) => {
        checkName('Sequential', name);
        return [name, checkModule('Sequential', m)];
      });
    } else {
      this.#entries = args.map((m, i) => [String(i), checkModule('Sequential', m)]);
    }
  }

  protected override members(): Iterable<readonly [string, unknown]> {
    return [...this.#entries, ...super.members()];
  }

  /**
   * Applies the modules in order.
   *
   * @example
   * ```ts
   * new tg.nn.Sequential(new tg.nn.Flatten({ startDim: 0 })).forward(tg.ones([2, 2])).shape; // [4]
   * ```
   */
  override forward(input: Tensor): Tensor {
    let x: unknown = input;
    for (const [, m] of this.#entries) x = m.forward(x);
    return x as Tensor;
  }

  /**
   * Number of modules.
   *
   * @example
   * ```ts
   * new tg.nn.Sequential(new tg.nn.Identity()).length; // 1
   * ```
   */
  get length(): number {
    return this.#entries.length;
  }

  /**
   * The module at `index` (negative counts from the end).
   *
   * @example
   * ```ts
   * const net = new tg.nn.Sequential(new tg.nn.Identity(), new tg.nn.Flatten());
   * net.at(-1) instanceof tg.nn.Flatten; // true
   * ```
   */
  at(index: number): Module {
    return this.#entries[position('Sequential.at', index, this.#entries.length)]![1];
  }

  /**
   * Adds a module at the end (named by its position); returns this.
   *
   * @example
   * ```ts
   * new tg.nn.Sequential().append(new tg.nn.Identity()).length; // 1
   * ```
   */
  append(module: Module): this {
    this.#entries.push([String(this.#entries.length), checkModule('Sequential.append', module)]);
    return this;
  }

  /**
   * A new `Sequential` of the modules in `[start, end)` (the same module objects).
   *
   * @example
   * ```ts
   * const net = new tg.nn.Sequential(new tg.nn.Identity(), new tg.nn.Flatten());
   * net.slice(1).length; // 1
   * ```
   */
  slice(start?: number, end?: number): Sequential {
    const out = new Sequential();
    out.#entries = this.#entries.slice(start, end);
    return out;
  }

  /**
   * Iterates over the modules.
   *
   * @example
   * ```ts
   * for (const m of new tg.nn.Sequential(new tg.nn.Identity())) console.log(String(m));
   * ```
   */
  *[Symbol.iterator](): IterableIterator<Module> {
    for (const [, m] of this.#entries) yield m;
  }
}

/**
 * A list of submodules whose parameters are found like those of fields (named `0`, `1`, …).
 * It has no `forward`; index it in the parent's forward.
 *
 * @example
 * ```ts
 * class Stack extends tg.nn.Module {
 *   layers = new tg.nn.ModuleList([new tg.nn.Identity(), new tg.nn.Identity()]);
 *   forward(x: tg.Tensor): tg.Tensor {
 *     for (const layer of this.layers) x = layer.forward(x) as tg.Tensor;
 *     return x;
 *   }
 * }
 * new Stack().namedModules().map(([n]) => n); // ['', 'layers', 'layers.0', 'layers.1']
 * ```
 */
export class ModuleList extends Module {
  #modules: Module[] = [];

  constructor(modules: Iterable<Module> = []) {
    super();
    this.extend(modules);
  }

  protected override members(): Iterable<readonly [string, unknown]> {
    return [...this.#modules.map((m, i) => [String(i), m] as const), ...super.members()];
  }

  /**
   * Number of modules.
   *
   * @example
   * ```ts
   * new tg.nn.ModuleList([new tg.nn.Identity()]).length; // 1
   * ```
   */
  get length(): number {
    return this.#modules.length;
  }

  /**
   * The module at `index` (negative counts from the end).
   *
   * @example
   * ```ts
   * new tg.nn.ModuleList([new tg.nn.Flatten()]).at(0) instanceof tg.nn.Flatten; // true
   * ```
   */
  at(index: number): Module {
    return this.#modules[position('ModuleList.at', index, this.#modules.length)]!;
  }

  /**
   * Replaces the module at `index`; returns this.
   *
   * @example
   * ```ts
   * new tg.nn.ModuleList([new tg.nn.Identity()]).set(0, new tg.nn.Flatten());
   * ```
   */
  set(index: number, module: Module): this {
    this.#modules[position('ModuleList.set', index, this.#modules.length)] = checkModule('ModuleList.set', module);
    return this;
  }

  /**
   * Adds a module at the end; returns this.
   *
   * @example
   * ```ts
   * new tg.nn.ModuleList().append(new tg.nn.Identity()).length; // 1
   * ```
   */
  append(module: Module): this {
    this.#modules.push(checkModule('ModuleList.append', module));
    return this;
  }

  /**
   * Adds several modules at the end; returns this.
   *
   * @example
   * ```ts
   * new tg.nn.ModuleList().extend([new tg.nn.Identity(), new tg.nn.Identity()]).length; // 2
   * ```
   */
  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /**
   * Inserts a module before `index` (later modules are renumbered); returns this.
   *
   * @example
   * ```ts
   * const list = new tg.nn.ModuleList([new tg.nn.Identity()]).insert(0, new tg.nn.Flatten());
   * list.at(0) instanceof tg.nn.Flatten; // true
   * ```
   */
  insert(index: number, module: Module): this {
    const i = index === this.#modules.length ? index : position('ModuleList.insert', index, this.#modules.length);
    this.#modules.splice(i, 0, checkModule('ModuleList.insert', module));
    return this;
  }

  /**
   * Iterates over the modules.
   *
   * @example
   * ```ts
   * [...new tg.nn.ModuleList([new tg.nn.Identity()])].length; // 1
   * ```
   */
  *[Symbol.iterator](): IterableIterator<Module> {
    yield* this.#modules;
  }

  /**
   * Like `Module.toString`, with runs of identical modules folded as PyTorch does:
   * `(0-2): 3 x Linear(...)`.
   *
   * @example
   * ```ts
   * String(new tg.nn.ModuleList([new tg.nn.Identity(), new tg.nn.Identity()]));
   * // 'ModuleList(\n  (0-1): 2 x Identity()\n)'
   * ```
   */
  override toString(): string {
    const reprs = this.#modules.map((m) => m.toString());
    const lines: string[] = [];
    for (let start = 0; start < reprs.length; ) {
      let end = start;
      while (end + 1 < reprs.length && reprs[end + 1] === reprs[start]) end++;
      const text = start === end ? `(${start}): ${reprs[start]}` : `(${start}-${end}): ${end - start + 1} x ${reprs[start]}`;
      lines.push(addIndent(text, 2));
      start = end + 1;
    }
    return reprLines(this.constructor.name || 'ModuleList', [], lines);
  }
}
