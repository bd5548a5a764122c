/**
 * @file `Module`, the base class of every layer and model. Registration and discovery of
 * parameters, buffers and children from the module's fields (the rule is in
 * `module-base.ts`), the tree walks and train/eval live in `ModuleBase`; this file adds
 * gradients, dtype conversion, `apply`, printing and state dicts.
 */
import { isFloatingDType, type DType } from '../core/dtype.js';
import { DTypeError, TensorError } from '../core/errors.js';
import { noGrad } from '../autograd/grad-mode.js';
import type { Device } from '../tensor/tensor-base.js';
import type { Tensor } from '../tensor/tensor.js';
import { ModuleBase, typeName, walk } from './module-base.js';
import { replaceData } from './parameter.js';
import { addIndent, join, loadInto, type LoadStateDictResult, type StateDictLike } from './state-dict.js';

/** Options of `zeroGrad`. */
export interface ZeroGradOptions {
  /** Set `.grad` to null instead of filling it with zeros (default true, like PyTorch). */
  setToNone?: boolean;
}

/** Options of `stateDict`. */
export interface StateDictOptions {
  /** Return the parameters and buffers themselves instead of detached views (default false). */
  keepVars?: boolean;
}

/** Options of `loadStateDict`. */
export interface LoadStateDictOptions {
  /** Throw when keys are missing or unexpected (default true). Shape and dtype mismatches always throw. */
  strict?: boolean;
}
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Base class of layers and models. Subclass it, assign parameters and submodules to fields in
 * the constructor and define `forward`; run the module with `module.forward(...)`.
 *
 * How parameters and children are found: a module's own parameters and children are its own
 * enumerable fields, in the order they were first assigned, whose value is a `Parameter` (a
 * parameter) or a `Module` (a child), plus arrays of them (element `i` of field `layers` is
 * named `layers.i`), followed by those given to `registerParameter` / `registerModule` (for
 * names that cannot be fields, such as PyTorch's `weight_ih_l0`). Everything else — plain
 * tensors, numbers, `null`, `#private` fields — is ignored, so a tensor that should learn must
 * be wrapped in `Parameter`. Buffers (saved, non-learnable state such as running statistics)
 * are never inferred: register them with `registerBuffer`. Containers (`Sequential`,
 * `ModuleList`, `ModuleDict`) name their children by position or key. The module tree may share
 * submodules and parameters (each is listed once) but must not contain cycles.
 *
 * @example
 * ```ts
 * class Net extends tg.nn.Module {
 *   w = new tg.nn.Parameter(tg.randn([4, 2]));
 *   b = new tg.nn.Parameter(tg.zeros([2]));
 *   forward(x: tg.Tensor): tg.Tensor {
 *     return x.matmul(this.w).add(this.b);
 *   }
 * }
 * const net = new Net();
 * net.forward(tg.randn([3, 4])).shape;       // [3, 2]
 * net.namedParameters().map(([n]) => n);     // ['w', 'b']
 * ```
 */
export class Module extends ModuleBase {
  /**
   * Sets whether autograd records ops on every parameter (freezing with `false`).
   *
   * @example
   * ```ts
   * const m = new tg.nn.Module();
   * m.registerParameter('w', new tg.nn.Parameter(tg.ones([2])));
   * m.requiresGrad_(false).parameters()[0]!.requiresGrad; // false
   * ```
   */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /**
   * Clears the parameters' gradients: sets `.grad` to null, or with `{ setToNone: false }`
   * fills it with zeros.
   *
   * @example
   * ```ts
   * const m = new tg.nn.Module();
   * m.registerParameter('w', new tg.nn.Parameter(tg.ones([2])));
   * m.parameters()[0]!.sum().backward();
   * m.zeroGrad();
   * m.parameters()[0]!.grad; // null
   * ```
   */
  zeroGrad(options: ZeroGradOptions = {}): void {
    const setToNone = options.setToNone ?? true;
    for (const p of this.parameters()) {
      if (p.grad === null) continue;
      if (setToNone) p.grad = null;
      else {
        const grad = p.grad.gradFn === null ? p.grad : p.grad.detach();
        noGrad(() => grad.zero_());
        p.grad = grad;
      }
    }
  }

  /**
   * Calls `fn` on every submodule (children first) and then on this module; returns this.
   *
   * @example
   * ```ts
   * const names: string[] = [];
   * new tg.nn.Sequential(new tg.nn.Identity()).apply((m) => names.push(m.constructor.name));
   * names; // ['Identity', 'Sequential']
   * ```
   */
  apply(fn: (module: Module) => void): this {
    return walk('apply', this, () => {
      for (const child of this.children()) child.apply(fn);
      fn(this);
      return this;
    });
  }

  /**
   * Converts floating-point parameters, their gradients and floating-point buffers to `dtype`
   * in place (the same `Parameter` objects, so optimizers keep working); integer buffers stay.
   * `'cpu'` is the only device and is accepted as a no-op.
   *
   * @example
   * ```ts
   * const m = new tg.nn.Module();
   * const w = new tg.nn.Parameter(tg.ones([2]));
   * m.registerParameter('w', w);
   * m.to('float64');
   * w.dtype; // 'float64'
   * ```
   */
  to(target: DType | Device): this {
    if (target === 'cpu') return this;
    if (!isFloatingDType(target)) {
      throw new DTypeError(`Module.to: only floating-point dtypes (float32, float64) are accepted, got ${target}`);
    }
    noGrad(() => {
      for (const p of this.parameters()) {
        if (!isFloatingDType(p.dtype)) continue;
        if (p.dtype !== target) replaceData(p, p.detach().to(target));
        if (p.grad !== null && p.grad.dtype !== target) p.grad = p.grad.to(target);
      }
      for (const b of this.buffers()) if (isFloatingDType(b.dtype) && b.dtype !== target) replaceData(b, b.to(target));
    });
    return this;
  }

  /**
   * `to('float32')`.
   *
   * @example
   * ```ts
   * new tg.nn.Identity().float();
   * ```
   */
  float(): this {
    return this.to('float32');
  }

  /**
   * `to('float64')`.
   *
   * @example
   * ```ts
   * new tg.nn.Identity().double();
   * ```
   */
  double(): this {
    return this.to('float64');
  }

  /**
   * The parameters and persistent buffers by dotted name, each module's parameters then its
   * buffers, then its children's entries — PyTorch's order and keys. Values are detached views
   * sharing storage (the tensors themselves with `keepVars`).
   *
   * @example
   * ```ts
   * const m = new tg.nn.Sequential(new tg.nn.Module());
   * m.at(0).registerParameter('weight', new tg.nn.Parameter(tg.ones([2])));
   * m.at(0).registerBuffer('num_batches_tracked', tg.zeros([], { dtype: 'int32' }));
   * Object.keys(m.stateDict()); // ['0.weight', '0.num_batches_tracked']
   * ```
   */
  stateDict(options: StateDictOptions = {}): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [key, t] of this.#stateEntries('')) out[key] = options.keepVars ? t : t.detach();
    return out;
  }

  /** State-dict entries under `prefix`, without removing duplicates (like PyTorch). */
  #stateEntries(prefix: string, path: Module[] = []): [string, Tensor][] {
    if (path.includes(this)) throw new TensorError(`stateDict: module '${prefix}' contains itself; the module tree must not have cycles`);
    const { params, children } = this.ownMembers();
    const out: [string, Tensor][] = [...params, ...this.ownBuffers(true)].map(([n, t]) => [join(prefix, n), t]);
    for (const [name, child] of children) out.push(...child.#stateEntries(join(prefix, name), [...path, this]));
    return out;
  }

  /**
   * Copies a state dict's tensors into the parameters and buffers. Every key, shape and dtype
   * is checked first: missing and unexpected keys (when `strict`, the default), shape
   * mismatches and dtype-kind mismatches (float into int, …) are reported together in one
   * `LoadStateDictError`, and nothing is changed. float32 and float64 convert to the module's
   * dtype. Returns the missing and unexpected keys (both empty under `strict`).
   *
   * @example
   * ```ts
   * const a = new tg.nn.Module();
   * a.registerParameter('w', new tg.nn.Parameter(tg.ones([2])));
   * const b = new tg.nn.Module();
   * b.registerParameter('w', new tg.nn.Parameter(tg.zeros([2])));
   * b.loadStateDict(a.stateDict()); // { missingKeys: [], unexpectedKeys: [] }
   * b.parameters()[0]!.toArray();   // [1, 1]
   * b.loadStateDict({}); // throws
   * ```
   */
  loadStateDict(stateDict: StateDictLike, options: LoadStateDictOptions = {}): LoadStateDictResult {
    const targets = new Map(this.#stateEntries(''));
    return loadInto(typeName(this), targets, stateDict, options.strict ?? true);
  }

  /**
   * PyTorch's module text: the class name, `extraRepr()` and the children, indented.
   *
   * @example
   * ```ts
   * String(new tg.nn.Sequential(new tg.nn.Identity(), new tg.nn.Flatten()));
   * // 'Sequential(\n  (0): Identity()\n  (1): Flatten(start_dim=1, end_dim=-1)\n)'
   * ```
   */
  override toString(): string {
    return walk('toString', this, () => {
      const extra = this.extraRepr();
      const extraLines = extra === '' ? [] : extra.split('\n');
      const childLines = this.ownMembers().children.map(([name, m]) => addIndent(`(${name}): ${m.toString()}`, 2));
      return reprLines(typeName(this), extraLines, childLines);
    });
  }

  /**
   * `console.log(module)` prints `toString()`.
   *
   * @example
   * ```ts
   * console.log(new tg.nn.Identity()); // Identity()
   * ```
   */
  [inspectSymbol](): string {
    return this.toString();
  }
}

/** PyTorch's `Module.__repr__` layout from a name, extra-repr lines and child lines. */
export function reprLines(name: string, extraLines: readonly string[], childLines: readonly string[]): string {
  const lines = [...extraLines, ...childLines];
  if (lines.length === 0) return `${name}()`;
  if (extraLines.length === 1 && childLines.length === 0) return `${name}(${extraLines[0]})`;
  return `${name}(\n  ${lines.join('\n  ')}\n)`;
}
