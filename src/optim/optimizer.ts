/**
 * @file `Optimizer`, the base class of every optimizer: parameter groups (each with its own
 * options), per-parameter state, `zeroGrad`, `step` and state dicts that resume training exactly.
 * A subclass validates its options and updates one group in `updateGroup`; everything else is here.
 */
import { enableGrad, noGrad } from '../autograd/grad-mode.js';
import { isFloatingDType } from '../core/dtype.js';
import { TensorError } from '../core/errors.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * Options every parameter group has. Learning-rate schedulers write the optional ones into the
 * groups, as PyTorch does (`initial_lr`, and `max_lr`, `min_lr`, `max_momentum`,
 * `base_momentum` for `OneCycleLR`), so they travel with the optimizer's state dict.
 */
export interface GroupOptions {
  /** Learning rate. */
  lr: number;
  /** The learning rate a scheduler started from (PyTorch's `initial_lr`). */
  initialLr?: number;
  /** `OneCycleLR`'s peak learning rate. */
  maxLr?: number;
  /** `OneCycleLR`'s final learning rate. */
  minLr?: number;
  /** `OneCycleLR`'s upper momentum. */
  maxMomentum?: number;
  /** `OneCycleLR`'s lower momentum. */
  baseMomentum?: number;
}

/** A parameter group as the optimizer keeps it: its parameters and every option resolved. */
export type ParamGroup<G extends GroupOptions = GroupOptions> = G & {
  /** The tensors this group optimizes. */
  params: Tensor[];
};

/** A parameter group as passed in: its parameters and the options that differ from the defaults. */
export type ParamGroupInput<G extends GroupOptions = GroupOptions> = Partial<G> & {
  /** The tensors this group optimizes. */
  params: Tensor[];
};

/** What a state entry may hold: tensors shaped like their parameter, counters, or nothing yet. */
export type StateValue = Tensor | number | null | undefined;

/** Per-parameter optimizer state (PyTorch's `optimizer.state[p]`), e.g. `{ step, expAvg, expAvgSq }`. */
export type ParamState = Record<string, StateValue>;

/**
 * An optimizer's state dict, PyTorch's structure with camelCase keys:
 * `{ state: { 0: { momentumBuffer } }, paramGroups: [{ lr, momentum, …, params: [0, 1] }] }`.
 * Parameters are numbered in the order they appear across the groups; `state` has an entry for
 * every parameter that has state. Tensors are shared with the optimizer (as in PyTorch):
 * save or clone them before stepping again if you need a snapshot.
 */
export interface OptimizerStateDict<G extends GroupOptions = GroupOptions, S extends ParamState = ParamState> {
  /** Per-parameter state, keyed by the parameter's number. */
  state: Record<number, S>;
  /** Every group's options, with `params` holding the numbers of its parameters. */
  paramGroups: Array<G & { params: number[] }>;
}

/** Options of `zeroGrad`. */
export interface ZeroGradOptions {
  /** Set `.grad` to null instead of filling it with zeros (default true, as in PyTorch 2 and `Module.zeroGrad`). */
  setToNone?: boolean;
}

/** The defaults an optimizer is built with; only `lr` may be missing (SGD), then every group must set it. */
export type OptimizerDefaults<G extends GroupOptions> = Omit<G, 'lr'> & { lr: number | undefined };

/**
 * Base class of the optimizers. `new tg.optim.SGD(model.parameters(), { lr: 0.1 })` takes
 * either a list of tensors (one group with the defaults) or a list of groups
 * `{ params, ...options }` whose options override the defaults.
 *
 * @example
 * ```ts
 * const w = tg.tensor([1, 2], { requiresGrad: true });
 * const opt = new tg.optim.SGD([w], { lr: 0.1 });
 * w.square().sum().backward();
 * opt.step();
 * opt.zeroGrad();
 * w.toArray(); // [0.8, 1.6]
 * ```
 */
export abstract class Optimizer<G extends GroupOptions = GroupOptions, S extends ParamState = ParamState> {
  /** The options a group gets when it does not set them. */
  readonly defaults: OptimizerDefaults<G>;
  /** The parameter groups, each with its own options (schedulers change `lr` here). */
  readonly paramGroups: Array<ParamGroup<G>> = [];
  /** Per-parameter state, created lazily by `step` (eagerly by Adagrad). */
  state: Map<Tensor, S> = new Map();
  /** The optimizer's name, used in error messages. */
  readonly name: string;

  /**
   * Builds the groups from `params` and `defaults`, validating every group's options.
   *
   * @example
   * ```ts
   * const opt = new tg.optim.Adam([tg.zeros([2], { requiresGrad: true })], { lr: 0.01 });
   * opt.paramGroups[0]!.lr; // 0.01
   * ```
   */
  constructor(name: string, params: readonly Tensor[] | ReadonlyArray<ParamGroupInput<G>>, defaults: OptimizerDefaults<G>) {
    this.name = name;
    this.defaults = defaults;
    if (params instanceof Tensor || !Array.isArray(params)) {
      throw new TensorError(`${name}: params must be an array of tensors or of param groups { params, ...options }`);
    }
    if (params.length === 0) throw new TensorError(`${name}: got an empty parameter list`);
    // With lr set, the defaults are a complete set of options.
    if (defaults.lr !== undefined) this.validate({ ...defaults, lr: defaults.lr } as G, 'defaults');
    const tensors = params.filter((p): p is Tensor => p instanceof Tensor);
    const inputs = params.filter((p): p is ParamGroupInput<G> => !(p instanceof Tensor));
    if (tensors.length > 0 && inputs.length > 0) {
      throw new TensorError(`${name}: params mixes tensors and param groups; pass one kind`);
    }
    // A group that sets no option of its own.
    const one = { params: tensors } as ParamGroupInput<G>;
    const groups = tensors.length > 0 ? [one] : inputs;
    for (const group of groups) this.addParamGroup(group);
  }

  /**
   * Checks one group's resolved options and throws a `TensorError` naming the optimizer and
   * the option when one is invalid. `where` says which group (for the message).
   */
  protected abstract validate(options: G, where: string): void;

  /** Updates the parameters of one group (runs under `noGrad`). */
  protected abstract updateGroup(group: ParamGroup<G>): void;

  /**
   * Adds a group of parameters (options not given come from the defaults), e.g. to unfreeze
   * layers while training.
   *
   * @example
   * ```ts
   * const a = tg.zeros([2], { requiresGrad: true });
   * const b = tg.zeros([3], { requiresGrad: true });
   * const opt = new tg.optim.SGD([a], { lr: 0.1 });
   * opt.addParamGroup({ params: [b], lr: 0.01 });
   * opt.paramGroups.length; // 2
   * ```
   */
  addParamGroup(group: ParamGroupInput<G>): void {
    const where = `param group ${this.paramGroups.length}`;
    if (group.params instanceof Tensor || !Array.isArray(group.params)) {
      throw new TensorError(`${this.name}: ${where}: params must be an array of tensors`);
    }
    const params = [...group.params];
    params.forEach((p, i) => this.#checkParam(p, `${where}, params[${i}]`));
    if (new Set(params).size !== params.length) {
      throw new TensorError(`${this.name}: ${where} contains the same parameter twice`);
    }
    const taken = new Set(this.paramGroups.flatMap((g) => g.params));
    if (params.some((p) => taken.has(p))) {
      throw new TensorError(`${this.name}: some parameters appear in more than one parameter group`);
    }
    const lr = group.lr ?? this.defaults.lr;
    if (lr === undefined) {
      throw new TensorError(`${this.name}: ${where} did not specify a value of the required option lr (and there is no default)`);
    }
    // The defaults fill every option of G but lr, which is checked above.
    const resolved = { ...this.defaults, ...group, lr, params } as ParamGroup<G>;
    this.validate(resolved, where);
    this.paramGroups.push(resolved);
  }

  /**
   * Clears the gradients of every parameter: sets them to null (the default, as in PyTorch 2:
   * the next backward writes fresh gradients instead of adding into zeros), or fills them with
   * zeros with `{ setToNone: false }` (PyTorch 1.13's default).
   *
   * @example
   * ```ts
   * const w = tg.ones([2], { requiresGrad: true });
   * const opt = new tg.optim.SGD([w], { lr: 0.1 });
   * w.sum().backward();
   * opt.zeroGrad({ setToNone: false });
   * w.grad!.toArray(); // [0, 0]
   * opt.zeroGrad();
   * w.grad; // null
   * ```
   */
  zeroGrad({ setToNone = true }: ZeroGradOptions = {}): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (p.grad === null) continue;
        if (setToNone) {
          p.grad = null;
          continue;
        }
        if (p.grad.gradFn !== null) p.grad = p.grad.detach();
        else if (p.grad.requiresGrad) p.grad.requiresGrad_(false);
        const grad = p.grad;
        noGrad(() => grad.zero_());
      }
    }
  }

  /**
   * Performs one update of every parameter that has a gradient. `closure`, when given,
   * re-evaluates the model (with gradients enabled) before the update, and its result is returned.
   *
   * @example
   * ```ts
   * const w = tg.tensor([3], { requiresGrad: true });
   * const opt = new tg.optim.SGD([w], { lr: 0.25 });
   * const loss = opt.step(() => {
   *   opt.zeroGrad();
   *   const l = w.square().sum();
   *   l.backward();
   *   return l;
   * });
   * loss!.item(); // 9
   * w.toArray();  // [1.5]
   * ```
   */
  step<L>(closure?: () => L): L | undefined {
    const loss = closure === undefined ? undefined : enableGrad(closure);
    noGrad(() => {
      for (const group of this.paramGroups) this.updateGroup(group);
    });
    return loss;
  }

  /**
   * The optimizer's state and group options, to save and restore with `loadStateDict` (see
   * `OptimizerStateDict` for the structure). Tensors are shared with the optimizer.
   *
   * @example
   * ```ts
   * const w = tg.ones([2], { requiresGrad: true });
   * const opt = new tg.optim.SGD([w], { lr: 0.1, momentum: 0.9 });
   * w.sum().backward();
   * opt.step();
   * const sd = opt.stateDict();
   * sd.paramGroups[0]!.params;           // [0]
   * sd.state[0]!.momentumBuffer!.toArray(); // [1, 1]
   * ```
   */
  stateDict(): OptimizerStateDict<G, S> {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((group) => {
      for (const p of group.params) if (!index.has(p)) index.set(p, index.size);
      // The group's options with its parameters replaced by their numbers.
      const packed = { ...group, params: group.params.map((p) => index.get(p)!) } as G & { params: number[] };
      return packed;
    });
    const state: Record<number, S> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i !== undefined) state[i] = { ...s };
    }
    return { state, paramGroups };
  }

  /**
   * Restores state and group options saved by `stateDict` (of an optimizer built the same way).
   * The groups must match in number and size; state tensors must have their parameter's shape.
   * Everything is checked before anything changes; tensors are copied (cast to the parameter's dtype).
   *
   * @example
   * ```ts
   * const w = tg.ones([2], { requiresGrad: true });
   * const opt = new tg.optim.Adam([w], { lr: 0.1 });
   * w.sum().backward();
   * opt.step();
   * const w2 = w.detach().clone().requiresGrad_();
   * const opt2 = new tg.optim.Adam([w2], { lr: 0.5 });
   * opt2.loadStateDict(opt.stateDict());
   * opt2.paramGroups[0]!.lr; // 0.1
   * ```
   */
  loadStateDict(stateDict: OptimizerStateDict<G, S>): void {
    const groups = this.paramGroups;
    const saved = stateDict.paramGroups;
    if (!Array.isArray(saved) || saved.length !== groups.length) {
      throw new TensorError(
        `${this.name}.loadStateDict: the state dict has ${Array.isArray(saved) ? saved.length : 'no'} parameter groups, the optimizer has ${groups.length}`,
      );
    }
    const byIndex = new Map<number, Tensor>();
    groups.forEach((group, g) => {
      const ids = saved[g]!.params;
      if (!Array.isArray(ids) || ids.length !== group.params.length) {
        throw new TensorError(
          `${this.name}.loadStateDict: parameter group ${g} has ${group.params.length} parameters, the saved group has ${Array.isArray(ids) ? ids.length : 'none'}`,
        );
      }
      ids.forEach((id, i) => byIndex.set(id, group.params[i]!));
    });
    const state = new Map<Tensor, S>();
    for (const [key, entry] of Object.entries(stateDict.state)) {
      const param = byIndex.get(Number(key));
      if (param === undefined) {
        throw new TensorError(`${this.name}.loadStateDict: state entry ${key} belongs to no parameter of the saved groups`);
      }
      state.set(param, this.#copyState(entry, param, key));
    }
    groups.forEach((group, g) => {
      const { params: _ids, ...options } = saved[g]!;
      Object.assign(group, options, { params: group.params });
    });
    this.state = state;
  }

  #checkParam(p: unknown, where: string): asserts p is Tensor {
    if (!(p instanceof Tensor)) {
      throw new TensorError(`${this.name}: ${where}: can only optimize tensors, got ${typeof p}`);
    }
    if (!p.isLeaf && !p.retainsGrad) {
      throw new TensorError(
        `${this.name}: ${where}: can't optimize a non-leaf tensor (made by ${p.gradFn?.name ?? 'an op'}); ` +
          `optimize the leaf it was computed from, or detach().requiresGrad_() it`,
      );
    }
    if (!isFloatingDType(p.dtype)) {
      throw new TensorError(`${this.name}: ${where}: can only optimize floating-point tensors, got dtype ${p.dtype}`);
    }
  }

  /** A deep copy of one saved state entry for `param`, checked against its shape. */
  #copyState(entry: S, param: Tensor, key: string): S {
    const out: ParamState = {};
    for (const [name, value] of Object.entries(entry)) {
      if (value instanceof Tensor) {
        if (value.numel !== param.numel || value.shape.some((d, i) => d !== param.shape[i]) || value.ndim !== param.ndim) {
          throw new TensorError(
            `${this.name}.loadStateDict: state[${key}].${name} has shape [${value.shape.join(',')}], its parameter has shape [${param.shape.join(',')}]`,
          );
        }
        out[name] = value.detach().to(param.dtype).clone();
      } else {
        out[name] = value;
      }
    }
    // Same keys and value kinds as the saved entry, which is an S.
    return out as S;
  }
}
