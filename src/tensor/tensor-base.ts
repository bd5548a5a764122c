/**
 * @file The data and autograd half of `Tensor`: storage and view fields, gradient fields,
 * `backward`, hooks, and reading values out. Op methods are added by the subclasses in
 * `tensor-math.ts`, `tensor-shape.ts` and `tensor.ts`.
 */
import type { Backend, Storage, View } from '../backend/backend.js';
import type { DType, TypedArray } from '../core/dtype.js';
import { isFloatingDType } from '../core/dtype.js';
import { AutogradError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { sizeOf } from '../core/shape.js';
import { runBackward } from '../autograd/engine.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { accumulatorOf, edgeOf, type AutogradTensor, type GradHook, type Node } from '../autograd/node.js';
import { engineOps } from './engine-ops.js';
import { formatTensor } from './format.js';
import { makeTensor, onesOf } from './make.js';
import type { Tensor } from './tensor.js';

/** Nested JS arrays of a tensor's values (`boolean`s for bool tensors). */
export type NestedArray = number | boolean | NestedArray[];

/** Options of `backward`. */
export interface BackwardOptions {
  /** Keep the graph so that backward can run through it again (default: `createGraph`). */
  retainGraph?: boolean;
  /** Record the backward itself, so gradients can be differentiated again (default false). */
  createGraph?: boolean;
}

/** Where a tensor lives. Only `'cpu'` for now; `'webgpu'` comes with its backend. */
export type Device = 'cpu';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** Storage, view and autograd state shared by every tensor; see `Tensor`. */
export class TensorBase implements AutogradTensor<Tensor> {
  #storage: Storage;
  #shape: readonly number[];
  #strides: readonly number[];
  #offset: number;
  #base: Tensor | null;
  /** Accumulated gradient (leaves, and tensors that called `retainGrad`). */
  grad: Tensor | null = null;
  #requiresGrad = false;
  #gradFn: Node<Tensor> | null = null;
  #outputIndex = 0;
  #retainsGrad = false;

  /** Wraps a view of a storage; use `tg.tensor`, `tg.zeros`, … to create tensors. */
  constructor(view: View, base: Tensor | null = null) {
    this.#storage = view.storage;
    this.#shape = view.shape;
    this.#strides = view.strides;
    this.#offset = view.offset;
    this.#base = base;
  }

  /**
   * The backend storage holding the elements (shared by views).
   *
   * @example
   * ```ts
   * const x = tg.zeros([2, 2]);
   * x.transpose(0, 1).storage === x.storage; // true
   * ```
   */
  get storage(): Storage {
    return this.#storage;
  }

  /**
   * Size of each dim.
   *
   * @example
   * ```ts
   * tg.zeros([2, 3]).shape; // [2, 3]
   * ```
   */
  get shape(): readonly number[] {
    return this.#shape;
  }

  /**
   * Elements to step in storage per step along each dim.
   *
   * @example
   * ```ts
   * tg.zeros([2, 3]).strides; // [3, 1]
   * ```
   */
  get strides(): readonly number[] {
    return this.#strides;
  }

  /**
   * Position of element `[0, …, 0]` in storage.
   *
   * @example
   * ```ts
   * tg.arange(6).slice(0, 2).offset; // 2
   * ```
   */
  get offset(): number {
    return this.#offset;
  }

  /**
   * The tensor that owns the storage this view looks into, or null if this is not a view.
   *
   * @example
   * ```ts
   * const x = tg.zeros([4]);
   * x.narrow(0, 1, 2).base === x; // true
   * ```
   */
  get base(): Tensor | null {
    return this.#base;
  }

  /**
   * Points this tensor at another tensor's data, keeping the object (PyTorch's
   * `param.data = other`): used by modules to convert parameters in place of themselves.
   * @internal
   */
  setData(source: TensorBase): void {
    this.#storage = source.storage;
    this.#shape = source.shape;
    this.#strides = source.strides;
    this.#offset = source.offset;
    this.#base = source.base;
  }

  /** This object typed as the full `Tensor` (every tensor is one). */
  protected get self(): Tensor {
    return this as unknown as Tensor;
  }

  /**
   * The element type.
   *
   * @example
   * ```ts
   * tg.ones([2]).dtype; // 'float32'
   * ```
   */
  get dtype(): DType {
    return this.storage.dtype;
  }

  /**
   * The device the storage lives on.
   *
   * @example
   * ```ts
   * tg.ones([2]).device; // 'cpu'
   * ```
   */
  get device(): Device {
    return 'cpu';
  }

  /**
   * The backend that owns the storage.
   *
   * @example
   * ```ts
   * tg.ones([2]).backend.name; // 'cpu'
   * ```
   */
  get backend(): Backend {
    return this.storage.backend;
  }

  /**
   * Number of dims.
   *
   * @example
   * ```ts
   * tg.zeros([2, 3]).ndim; // 2
   * ```
   */
  get ndim(): number {
    return this.shape.length;
  }

  /**
   * Number of elements.
   *
   * @example
   * ```ts
   * tg.zeros([2, 3]).numel; // 6
   * ```
   */
  get numel(): number {
    return sizeOf(this.shape);
  }

  /**
   * The storage's version counter, bumped by every in-place write.
   *
   * @example
   * ```ts
   * const x = tg.zeros([2]);
   * x.add_(1);
   * x.version; // 1
   * ```
   */
  get version(): number {
    return this.storage.version;
  }

  /**
   * Whether gradients are computed for this tensor.
   *
   * @example
   * ```ts
   * tg.ones([2], { requiresGrad: true }).mul(2).requiresGrad; // true
   * ```
   */
  get requiresGrad(): boolean {
    return this.#requiresGrad || this.#gradFn !== null;
  }

  /**
   * The graph node that created this tensor (null for leaves).
   *
   * @example
   * ```ts
   * tg.ones([2], { requiresGrad: true }).mul(2).gradFn!.name; // 'MulBackward'
   * ```
   */
  get gradFn(): Node<Tensor> | null {
    return this.#gradFn;
  }

  /**
   * Which output of `gradFn` this tensor is.
   *
   * @example
   * ```ts
   * tg.ones([2], { requiresGrad: true }).mul(2).outputIndex; // 0
   * ```
   */
  get outputIndex(): number {
    return this.#outputIndex;
  }

  /**
   * Whether this tensor is a leaf of the graph (created by the user, not by a recorded op).
   *
   * @example
   * ```ts
   * const w = tg.ones([2], { requiresGrad: true });
   * w.isLeaf;        // true
   * w.mul(2).isLeaf; // false
   * ```
   */
  get isLeaf(): boolean {
    return this.#gradFn === null;
  }

  /**
   * Whether a non-leaf keeps its `.grad` (see `retainGrad`).
   *
   * @example
   * ```ts
   * const y = tg.ones([2], { requiresGrad: true }).mul(2);
   * y.retainGrad();
   * y.retainsGrad; // true
   * ```
   */
  get retainsGrad(): boolean {
    return this.#retainsGrad;
  }

  /**
   * Sets whether autograd records ops on this leaf. Only float tensors can require grad.
   *
   * @example
   * ```ts
   * const w = tg.zeros([3]).requiresGrad_();
   * w.requiresGrad; // true
   * ```
   */
  requiresGrad_(requiresGrad = true): this {
    if (!this.isLeaf) {
      throw new AutogradError(`requiresGrad_: can only change requiresGrad of leaf tensors; use detach() on a non-leaf`);
    }
    if (requiresGrad && !isFloatingDType(this.dtype)) {
      throw new DTypeError(`requiresGrad_: only floating-point tensors can require gradients, got dtype ${this.dtype}`);
    }
    this.#requiresGrad = requiresGrad;
    return this;
  }

  /** Makes this tensor the output `index` of `node` (used by ops and in-place rebasing). @internal */
  setGradFn(node: Node<Tensor> | null, index = 0): void {
    this.#gradFn = node;
    this.#outputIndex = index;
  }

  /**
   * A tensor sharing storage with this one but cut from the graph.
   *
   * @example
   * ```ts
   * const x = tg.ones([2], { requiresGrad: true });
   * x.mul(2).detach().requiresGrad; // false
   * ```
   */
  detach(): Tensor {
    return makeTensor(this);
  }

  /**
   * Keeps `.grad` on this non-leaf tensor during backward.
   *
   * @example
   * ```ts
   * const x = tg.ones([2], { requiresGrad: true });
   * const y = x.mul(3);
   * y.retainGrad();
   * y.sum().backward();
   * y.grad!.toArray(); // [1, 1]
   * ```
   */
  retainGrad(): void {
    if (this.isLeaf || this.#retainsGrad) return;
    this.#retainsGrad = true;
    const self = this.self;
    this.#gradFn!.hooks.push({
      index: this.#outputIndex,
      fn: (g) => {
        // Under createGraph the clone keeps the graph, so the retained gradient is differentiable.
        self.grad = self.grad === null ? g.clone() : self.grad.add(g);
      },
    });
  }

  /**
   * Registers `hook(grad)`, called with this tensor's gradient during backward; a returned
   * tensor replaces the gradient. Returns a function that removes the hook.
   *
   * @example
   * ```ts
   * const x = tg.ones([2], { requiresGrad: true });
   * x.registerHook((g) => g.mul(10));
   * x.sum().backward();
   * x.grad!.toArray(); // [10, 10]
   * ```
   */
  registerHook(hook: GradHook<Tensor>): () => void {
    if (!this.requiresGrad) {
      throw new AutogradError(`registerHook: cannot register a hook on a tensor that does not require grad`);
    }
    const node = this.#gradFn ?? accumulatorOf(this.self);
    const entry = { index: this.#outputIndex, fn: hook };
    node.hooks.push(entry);
    return () => {
      const i = node.hooks.indexOf(entry);
      if (i >= 0) node.hooks.splice(i, 1);
    };
  }

  /**
   * Computes the gradient of this tensor with respect to the graph's leaves and accumulates
   * it into their `.grad`. A non-scalar tensor needs `gradient` (same shape); options may
   * come second or, without a gradient, first: `loss.backward({ retainGraph: true })`.
   *
   * @example
   * ```ts
   * const x = tg.tensor([1, 2, 3], { requiresGrad: true });
   * x.mul(x).sum().backward();
   * x.grad!.toArray(); // [2, 4, 6]
   * ```
   */
  backward(gradient?: Tensor | BackwardOptions, options: BackwardOptions = {}): void {
    const self = this.self;
    if (gradient !== undefined && !(gradient instanceof TensorBase)) {
      options = gradient;
      gradient = undefined;
    }
    if (!this.requiresGrad) {
      throw new AutogradError(`backward: the tensor does not require grad and has no gradFn; nothing to differentiate`);
    }
    if (gradient === undefined) {
      if (this.numel !== 1) {
        throw new AutogradError(
          `backward: a gradient can be created implicitly only for scalar outputs, but the tensor has shape ` +
            `${fmtShape(this.shape)}; pass backward(gradient) with a gradient of that shape`,
        );
      }
      gradient = onesOf(this.shape, this.dtype);
    } else if (gradient.dtype !== this.dtype && gradient.shape.length === this.shape.length && gradient.shape.every((d, i) => d === this.shape[i])) {
      gradient = gradient.to(this.dtype);
    } else if (gradient.shape.length !== this.shape.length || gradient.shape.some((d, i) => d !== this.shape[i])) {
      throw new ShapeError(`backward: gradient has shape ${fmtShape(gradient.shape)} but the tensor has shape ${fmtShape(this.shape)}`);
    }
    const createGraph = options.createGraph ?? false;
    const retainGraph = options.retainGraph ?? createGraph;
    runBackward([edgeOf(self)!], [gradient], { retainGraph, createGraph }, engineOps);
  }

  /**
   * The value of a one-element tensor as a JS number (1 or 0 for bool tensors).
   *
   * @example
   * ```ts
   * tg.tensor([[2.5]]).item(); // 2.5
   * ```
   */
  item(): number {
    if (this.numel !== 1) {
      throw new ShapeError(`item: only one-element tensors can be converted to a number, got shape ${fmtShape(this.shape)}`);
    }
    return this.dataSync()[0]!;
  }

  /**
   * The values as nested JS arrays (a number for a 0-d tensor).
   *
   * @example
   * ```ts
   * tg.tensor([[1, 2], [3, 4]]).toArray(); // [[1, 2], [3, 4]]
   * ```
   */
  toArray(): NestedArray {
    const data = this.dataSync();
    const isBool = this.dtype === 'bool';
    let pos = 0;
    const build = (d: number): NestedArray => {
      if (d === this.shape.length) {
        const v = data[pos++]!;
        return isBool ? v !== 0 : v;
      }
      const out: NestedArray[] = [];
      for (let i = 0; i < this.shape[d]!; i++) out.push(build(d + 1));
      return out;
    };
    return build(0);
  }

  /**
   * The values in row-major order as a new typed array (synchronous; CPU tensors).
   *
   * @example
   * ```ts
   * tg.tensor([1, 2]).dataSync(); // Float32Array [1, 2]
   * ```
   */
  dataSync(): TypedArray {
    return this.backend.read(this);
  }

  /**
   * The values in row-major order, on every device.
   *
   * @example
   * ```ts
   * const values = await tg.tensor([1, 2]).data(); // Float32Array [1, 2]
   * ```
   */
  data(): Promise<TypedArray> {
    return this.backend.readAsync(this);
  }

  /**
   * Releases device memory early. Does nothing on the CPU, where tensors are garbage-collected.
   *
   * @example
   * ```ts
   * tg.ones([2]).dispose();
   * ```
   */
  dispose(): void {}

  /**
   * PyTorch-style text: `tensor([1.0000, 2.5000], requiresGrad=true)`.
   *
   * @example
   * ```ts
   * String(tg.tensor([1, 2.5])); // 'tensor([1.0000, 2.5000])'
   * ```
   */
  toString(): string {
    const suffixes: string[] = [];
    if (this.dtype === 'float64') suffixes.push('dtype=float64');
    if (this.#gradFn !== null) suffixes.push(`gradFn=<${this.#gradFn.name}>`);
    else if (this.#requiresGrad) suffixes.push('requiresGrad=true');
    return formatTensor(this.dataSync(), this.shape, this.dtype, suffixes);
  }

  /**
   * Node's `util.inspect` (and `console.log`) print the same as `toString()`.
   *
   * @example
   * ```ts
   * console.log(tg.tensor([1, 2])); // tensor([1., 2.])
   * ```
   */
  [inspectSymbol](): string {
    return this.toString();
  }
}

/** Whether ops on these inputs must be recorded for backward. */
export function needsGrad(...inputs: readonly (TensorBase | null | undefined)[]): boolean {
  if (!isGradEnabled()) return false;
  for (const t of inputs) if (t != null && t.requiresGrad) return true;
  return false;
}
