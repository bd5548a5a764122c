/**
 * @file `ModuleDict`: submodules by name, found by discovery like fields, with no forward of
 * its own.
 */
import { IndexError } from '../core/errors.js';
import { checkModule } from './containers.js';
import { Module } from './module.js';
import { checkName } from './state-dict.js';

/**
 * A map from names to submodules whose parameters are found like those of fields (named by
 * their keys, in insertion order). Iterating gives `[name, module]` pairs, like a `Map`.
 *
 * @example
 * ```ts
 * const heads = new tg.nn.ModuleDict({ cls: new tg.nn.Identity(), box: new tg.nn.Flatten() });
 * heads.get('box') instanceof tg.nn.Flatten; // true
 * [...heads.keys()];                         // ['cls', 'box']
 * ```
 */
export class ModuleDict extends Module {
  #modules = new Map<string, Module>();

  constructor(modules: Readonly<Record<string, Module>> | Iterable<readonly [string, Module]> = {}) {
    super();
    this.update(modules);
  }

  protected override members(): Iterable<readonly [string, unknown]> {
    return [...this.#modules, ...super.members()];
  }

  /**
   * Number of modules.
   *
   * @example
   * ```ts
   * new tg.nn.ModuleDict({ a: new tg.nn.Identity() }).size; // 1
   * ```
   */
  get size(): number {
    return this.#modules.size;
  }

  /**
   * The module under `key`; throws when there is none.
   *
   * @example
   * ```ts
   * new tg.nn.ModuleDict({ a: new tg.nn.Identity() }).get('a');
   * new tg.nn.ModuleDict().get('b'); // throws
   * ```
   */
  get(key: string): Module {
    const m = this.#modules.get(key);
    if (m === undefined) throw new IndexError(`ModuleDict.get: no module named '${key}' (keys: ${[...this.#modules.keys()].join(', ')})`);
    return m;
  }

  /**
   * Adds or replaces the module under `key`; returns this.
   *
   * @example
   * ```ts
   * new tg.nn.ModuleDict().set('head', new tg.nn.Identity()).has('head'); // true
   * ```
   */
  set(key: string, module: Module): this {
    checkName('ModuleDict.set', key);
    this.#modules.set(key, checkModule('ModuleDict.set', module));
    return this;
  }

  /**
   * Whether there is a module under `key`.
   *
   * @example
   * ```ts
   * new tg.nn.ModuleDict({ a: new tg.nn.Identity() }).has('a'); // true
   * ```
   */
  has(key: string): boolean {
    return this.#modules.has(key);
  }

  /**
   * Removes the module under `key`; true when there was one.
   *
   * @example
   * ```ts
   * new tg.nn.ModuleDict({ a: new tg.nn.Identity() }).delete('a'); // true
   * ```
   */
  delete(key: string): boolean {
    return this.#modules.delete(key);
  }

  /**
   * Adds or replaces several modules; returns this.
   *
   * @example
   * ```ts
   * new tg.nn.ModuleDict().update({ a: new tg.nn.Identity() }).size; // 1
   * ```
   */
  update(modules: Readonly<Record<string, Module>> | Iterable<readonly [string, Module]>): this {
    const entries = Symbol.iterator in modules ? [...modules] : Object.entries(modules);
    for (const [key, m] of entries) this.set(key, m);
    return this;
  }

  /**
   * The keys, in insertion order.
   *
   * @example
   * ```ts
   * [...new tg.nn.ModuleDict({ a: new tg.nn.Identity() }).keys()]; // ['a']
   * ```
   */
  keys(): IterableIterator<string> {
    return this.#modules.keys();
  }

  /**
   * The modules, in insertion order.
   *
   * @example
   * ```ts
   * [...new tg.nn.ModuleDict({ a: new tg.nn.Identity() }).values()].length; // 1
   * ```
   */
  values(): IterableIterator<Module> {
    return this.#modules.values();
  }

  /**
   * `[key, module]` pairs, in insertion order.
   *
   * @example
   * ```ts
   * [...new tg.nn.ModuleDict({ a: new tg.nn.Identity() }).entries()][0]![0]; // 'a'
   * ```
   */
  entries(): IterableIterator<[string, Module]> {
    return this.#modules.entries();
  }

  /**
   * Iterates over `[key, module]` pairs.
   *
   * @example
   * ```ts
   * for (const [name, m] of new tg.nn.ModuleDict({ a: new tg.nn.Identity() })) console.log(name, String(m));
   * ```
   */
  [Symbol.iterator](): IterableIterator<[string, Module]> {
    return this.#modules.entries();
  }
}
