/**
 * @file The first half of `Module` (see `module.ts`): registration, discovery of parameters
 * and children from fields, the tree walks and train/eval mode.
 *
 * The discovery rule: a module's own parameters and children are its own enumerable fields, in
 * the order they were first assigned, whose value is a `Parameter` (a parameter) or a `Module`
 * (a child), plus arrays of them (element `i` of field `layers` is named `layers.i`), followed
 * by those given to `registerParameter` / `registerModule`. Other values — plain tensors,
 * numbers, `null`, `#private` fields — are ignored. Buffers (non-learnable state such as running
 * statistics) are never discovered: register them with `registerBuffer`.
 */
import { TensorError } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Module } from './module.js';
import { Parameter } from './parameter.js';
import { checkName, join } from './state-dict.js';

/** Options of the `named…` walks. */
export interface NamedOptions {
  /** Prepended (with a dot) to every name (default ''). */
  prefix?: string;
  /** Include submodules' members, not only this module's (default true). */
  recurse?: boolean;
  /** List a tensor or module reachable under several names only once (default true). */
  removeDuplicate?: boolean;
}

/** Options of `registerBuffer`. */
export interface BufferOptions {
  /** Whether the buffer is part of `stateDict()` (default true). */
  persistent?: boolean;
}

type Member = Parameter | Module;

/** Whether `value` is a module (every `ModuleBase` is a `Module`: `Module` is its only subclass). @internal */
export function isModule(value: unknown): value is Module {
  return value instanceof ModuleBase;
}

/** The class name a module prints under. @internal */
export const typeName = (m: object): string => m.constructor.name || 'Module';

/** Modules inside a running recursive walk, per walk (train, apply, toString). */
const walking = new Map<string, Set<ModuleBase>>();

/**
 * Runs a recursive step of `op` on `m`, throwing on a cycle. The outermost call checks the
 * whole tree first, so a cycle is reported before anything is changed.
 */
export function walk<R>(op: string, m: ModuleBase, step: () => R): R {
  let active = walking.get(op);
  if (active === undefined) walking.set(op, (active = new Set()));
  if (active.size === 0) m.namedModules({ removeDuplicate: false });
  if (active.has(m)) throw new TensorError(`${op}: a module contains itself; the module tree must not have cycles`);
  active.add(m);
  try {
    return step();
  } finally {
    active.delete(m);
  }
}

/**
 * The registration and discovery half of `Module`; not used on its own (extend `Module`).
 * @internal
 */
export abstract class ModuleBase {
  #training = true;
  #registered = new Map<string, Member | null>();
  #buffers = new Map<string, { tensor: Tensor | null; persistent: boolean }>();

  /** This object typed as the `Module` it is. */
  #asModule(): Module {
    const self: unknown = this;
    if (!isModule(self)) throw new TensorError('ModuleBase: extend nn.Module, not ModuleBase');
    return self;
  }

  /**
   * The computation; subclasses override it (the base class throws).
   *
   * @example
   * ```ts
   * new tg.nn.Identity().forward(tg.ones([2])); // [1, 1]
   * new tg.nn.Module().forward(); // throws
   * ```
   */
  forward(...inputs: unknown[]): unknown {
    throw new TensorError(`${typeName(this)}.forward: not implemented; a subclass of nn.Module must define forward(...) (got ${inputs.length} inputs)`);
  }

  /**
   * The extra text inside this module's parentheses in `toString()` (PyTorch's `extra_repr`,
   * with PyTorch's snake_case argument names); empty by default.
   *
   * @example
   * ```ts
   * new tg.nn.Flatten().extraRepr(); // 'start_dim=1, end_dim=-1'
   * ```
   */
  extraRepr(): string {
    return '';
  }

  /**
   * The entries that discovery looks at: own enumerable fields in insertion order, then those
   * registered with `registerParameter` / `registerModule`. Containers override it.
   */
  protected members(): Iterable<readonly [string, unknown]> {
    const fields: [string, unknown][] = Object.entries(this);
    return [...fields, ...this.#registered];
  }

  /** This module's own parameters and children (array elements expanded), duplicates kept. */
  protected ownMembers(): { params: [string, Parameter][]; children: [string, Module][] } {
    const params: [string, Parameter][] = [];
    const children: [string, Module][] = [];
    const classify = (name: string, value: unknown): void => {
      if (value instanceof Parameter) params.push([name, value]);
      else if (isModule(value)) children.push([name, value]);
    };
    for (const [name, value] of this.members()) {
      if (Array.isArray(value)) {
        const items: readonly unknown[] = value;
        items.forEach((v, i) => classify(`${name}.${i}`, v));
      } else classify(name, value);
    }
    return { params, children };
  }


  /** Throws when `name` is taken by a field or a registration of another kind. */
  #checkFree(kind: string, name: string, registry: 'registered' | 'buffers'): void {
    checkName(kind, name);
    const taken = Object.prototype.hasOwnProperty.call(this, name) ||
      (registry !== 'registered' && this.#registered.has(name)) || (registry !== 'buffers' && this.#buffers.has(name));
    if (taken) throw new TensorError(`${kind}: attribute '${name}' already exists on ${typeName(this)}; pick another name`);
  }

  /**
   * Adds a parameter under `name` (PyTorch's `register_parameter`), for names that are not
   * fields, such as PyTorch's `weight_ih_l0`. `null` reserves the name without a parameter.
   *
   * @example
   * ```ts
   * const m = new tg.nn.Module();
   * m.registerParameter('weight_ih_l0', new tg.nn.Parameter(tg.zeros([2])));
   * Object.keys(m.stateDict()); // ['weight_ih_l0']
   * ```
   */
  registerParameter(name: string, param: Parameter | null): void {
    if (param !== null && !(param instanceof Parameter)) {
      throw new TensorError(`registerParameter: '${name}' must be an nn.Parameter or null; wrap the tensor in new nn.Parameter(t)`);
    }
    this.#checkFree('registerParameter', name, 'registered');
    this.#registered.set(name, param);
  }

  /**
   * Adds a child module under `name` (PyTorch's `add_module` / `register_module`).
   *
   * @example
   * ```ts
   * const m = new tg.nn.Module();
   * m.registerModule('head', new tg.nn.Identity());
   * m.namedChildren().map(([n]) => n); // ['head']
   * ```
   */
  registerModule(name: string, module: Module | null): void {
    if (module !== null && !isModule(module)) throw new TensorError(`registerModule: '${name}' must be an nn.Module or null`);
    this.#checkFree('registerModule', name, 'registered');
    this.#registered.set(name, module);
  }

  /**
   * Registers a buffer: state that is saved in `stateDict()` (unless `persistent: false`) and
   * converted by `to()`, but is not a parameter (running means, step counters). Returns the
   * tensor, so a layer can keep it in a field too; update it in place, or register it again.
   *
   * @example
   * ```ts
   * const m = new tg.nn.Module();
   * const mean = m.registerBuffer('running_mean', tg.zeros([3]));
   * m.registerBuffer('cache', tg.zeros([3]), { persistent: false });
   * Object.keys(m.stateDict());          // ['running_mean']
   * m.namedBuffers().map(([n]) => n);    // ['running_mean', 'cache']
   * ```
   */
  registerBuffer<T extends Tensor | null>(name: string, tensor: T, options: BufferOptions = {}): T {
    this.#checkFree('registerBuffer', name, 'buffers');
    this.#buffers.set(name, { tensor, persistent: options.persistent ?? true });
    return tensor;
  }

  /** Removes a registered parameter, module or buffer; true when there was one. */
  protected unregister(name: string): boolean {
    return this.#registered.delete(name) || this.#buffers.delete(name);
  }

  /**
   * Every module of the tree with its dotted name, this one first (name ''), depth-first.
   *
   * @example
   * ```ts
   * const net = new tg.nn.Sequential(new tg.nn.Identity(), new tg.nn.Flatten());
   * net.namedModules().map(([n]) => n); // ['', '0', '1']
   * ```
   */
  namedModules(options: Omit<NamedOptions, 'recurse'> = {}): [string, Module][] {
    const { prefix = '', removeDuplicate = true } = options;
    const out: [string, Module][] = [];
    const memo = new Set<Module>();
    const path: Module[] = [];
    const visit = (m: Module, name: string): void => {
      if (memo.has(m)) return;
      if (path.includes(m)) throw new TensorError(`namedModules: module '${name}' contains itself; the module tree must not have cycles`);
      if (removeDuplicate) memo.add(m);
      out.push([name, m]);
      path.push(m);
      for (const [childName, child] of m.ownMembers().children) visit(child, join(name, childName));
      path.pop();
    };
    visit(this.#asModule(), prefix);
    return out;
  }

  /**
   * Every module of the tree, this one first.
   *
   * @example
   * ```ts
   * new tg.nn.Sequential(new tg.nn.Identity()).modules().length; // 2
   * ```
   */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /**
   * The direct submodules with their names.
   *
   * @example
   * ```ts
   * new tg.nn.Sequential(new tg.nn.Identity()).namedChildren(); // [['0', Identity]]
   * ```
   */
  namedChildren(): [string, Module][] {
    const seen = new Set<Module>();
    return this.ownMembers().children.filter(([, m]) => !seen.has(m) && seen.add(m));
  }

  /**
   * The direct submodules.
   *
   * @example
   * ```ts
   * new tg.nn.Sequential(new tg.nn.Identity(), new tg.nn.Flatten()).children().length; // 2
   * ```
   */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * Parameters with dotted names (`fc1.weight`, `0.bias`), this module's first, then each
   * child's in order; a parameter shared by two modules is listed once.
   *
   * @example
   * ```ts
   * class Net extends tg.nn.Module {
   *   inner = new tg.nn.Sequential(new tg.nn.Identity());
   *   scale = new tg.nn.Parameter(tg.ones([1]));
   * }
   * new Net().namedParameters().map(([n]) => n); // ['scale']
   * ```
   */
  namedParameters(options: NamedOptions = {}): [string, Parameter][] {
    return this.#collect(options, (m) => m.ownMembers().params);
  }

  /**
   * The parameters (what an optimizer takes).
   *
   * @example
   * ```ts
   * class Affine extends tg.nn.Module {
   *   w = new tg.nn.Parameter(tg.ones([2, 2]));
   *   b = new tg.nn.Parameter(tg.zeros([2]));
   * }
   * new Affine().parameters().length; // 2
   * ```
   */
  parameters(options: Omit<NamedOptions, 'prefix'> = {}): Parameter[] {
    return this.namedParameters(options).map(([, p]) => p);
  }

  /**
   * Buffers with dotted names (non-persistent ones included).
   *
   * @example
   * ```ts
   * const m = new tg.nn.Sequential(new tg.nn.Identity());
   * m.at(0).registerBuffer('steps', tg.zeros([], { dtype: 'int32' }));
   * m.namedBuffers().map(([n]) => n); // ['0.steps']
   * ```
   */
  namedBuffers(options: NamedOptions = {}): [string, Tensor][] {
    return this.#collect(options, (m) => m.ownBuffers(false));
  }

  /**
   * The buffers.
   *
   * @example
   * ```ts
   * const m = new tg.nn.Module();
   * m.registerBuffer('running_var', tg.ones([4]));
   * m.buffers().length; // 1
   * ```
   */
  buffers(options: Omit<NamedOptions, 'prefix'> = {}): Tensor[] {
    return this.namedBuffers(options).map(([, b]) => b);
  }

  protected ownBuffers(persistentOnly: boolean): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [name, { tensor, persistent }] of this.#buffers) {
      if (tensor !== null && (persistent || !persistentOnly)) out.push([name, tensor]);
    }
    return out;
  }

  #collect<T extends Tensor>(options: NamedOptions, own: (m: Module) => [string, T][]): [string, T][] {
    const { prefix = '', recurse = true, removeDuplicate = true } = options;
    const mods: [string, Module][] = recurse ? this.namedModules({ prefix, removeDuplicate }) : [[prefix, this.#asModule()]];
    const seen = new Set<T>();
    const out: [string, T][] = [];
    for (const [modName, m] of mods) {
      for (const [name, t] of own(m)) {
        if (removeDuplicate && seen.has(t)) continue;
        seen.add(t);
        out.push([join(modName, name), t]);
      }
    }
    return out;
  }

  /**
   * Whether the module is in training mode (the default) rather than evaluation mode; layers
   * such as dropout and batch norm behave differently in each.
   *
   * @example
   * ```ts
   * const m = new tg.nn.Identity();
   * m.training;        // true
   * m.eval().training; // false
   * ```
   */
  get training(): boolean {
    return this.#training;
  }

  /**
   * Sets training mode (`mode = true`) or evaluation mode on this module and every submodule.
   *
   * @example
   * ```ts
   * const net = new tg.nn.Sequential(new tg.nn.Identity());
   * net.train(false);
   * net.at(0).training; // false
   * ```
   */
  train(mode = true): this {
    return walk('train', this, () => {
      this.#training = mode;
      for (const child of this.children()) child.train(mode);
      return this;
    });
  }

  /**
   * Evaluation mode: `train(false)`.
   *
   * @example
   * ```ts
   * const net = new tg.nn.Sequential(new tg.nn.Identity()).eval();
   * net.training; // false
   * ```
   */
  eval(): this {
    return this.train(false);
  }
}
