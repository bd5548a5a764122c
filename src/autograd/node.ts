/**
 * @file Graph nodes. Each op that needs a gradient records one `Node`: the edges to the nodes
 * of its inputs, its backward function, the tensors it saved (with their versions) and, in
 * anomaly mode, the stack where it was created. Leaves get an `AccumulateGrad` node. Nodes are
 * generic over the tensor type, so this layer never imports `Tensor`.
 */
import type { DType } from '../core/dtype.js';
import { AutogradError } from '../core/errors.js';
import { isAnomalyEnabled } from './grad-mode.js';

/** Shape and dtype a gradient must have. */
export interface GradMeta {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** What the engine needs from a tensor. */
export interface AutogradTensor<T> extends GradMeta {
  readonly requiresGrad: boolean;
  readonly gradFn: Node<T> | null;
  /** Which output of `gradFn` this tensor is. */
  readonly outputIndex: number;
  /** The version counter of the tensor's storage (bumped by in-place writes). */
  readonly version: number;
  grad: T | null;
}

/** Where a gradient flows: output `index` of `node`'s forward, i.e. the node's input slot. */
export interface Edge<T> {
  readonly node: Node<T>;
  readonly index: number;
}

/**
 * Maps the gradients of a node's outputs to the gradients of its inputs (null: no gradient).
 * `needs[i]` says whether input i wants a gradient at all, so unused ones can be skipped.
 */
export type BackwardFn<T> = (grads: readonly T[], needs: readonly boolean[]) => readonly (T | null)[];

/** A hook that sees (and may replace) the gradient arriving at one output of a node. */
export type GradHook<T> = (grad: T) => T | void;


/**
 * One recorded op in the graph (a tensor's `gradFn`).
 *
 * @example
 * ```ts
 * const y = tg.ones([2], { requiresGrad: true }).exp();
 * y.gradFn!.name;        // 'ExpBackward'
 * y.gradFn!.next.length; // 1 (the input's AccumulateGrad)
 * ```
 */
export class Node<T> {
  /** The backward's name, e.g. `MulBackward`. */
  readonly name: string;
  /** For each input of the forward: where its gradient goes (null when it needs none). */
  readonly next: readonly (Edge<T> | null)[];
  /** Shape and dtype of each input, which its gradient must match. */
  readonly inputs: readonly (GradMeta | null)[];
  /** Shape and dtype of each output of the forward. */
  readonly outputs: readonly GradMeta[];
  /** The leaf tensor an `AccumulateGrad` node writes to. */
  readonly leaf: T | null;
  /** JS stack of the forward call, recorded in anomaly mode. */
  readonly stack: string | undefined;
  /** Whether each input wants a gradient (has an edge). */
  readonly needs: readonly boolean[];
  /** @internal Engine scratch: the walk this node was last counted in. */
  stamp = 0;
  /** @internal Engine scratch: consumers not yet processed in the current walk. */
  pending = 0;
  /** @internal Engine scratch: gradients summed so far for each output. */
  buffer: (T | null)[] | null = null;
  /** Hooks per output index, run before the backward. */
  readonly hooks: { readonly index: number; readonly fn: GradHook<T> }[] = [];
  #backward: BackwardFn<T> | null;
  #saved: readonly { readonly version: number }[];
  #versions: number[];
  #released = false;

  constructor(
    name: string,
    next: readonly (Edge<T> | null)[],
    inputs: readonly (GradMeta | null)[],
    outputs: readonly GradMeta[],
    backward: BackwardFn<T> | null,
    saved: readonly { readonly version: number }[] = [],
    leaf: T | null = null,
  ) {
    this.name = name;
    this.next = next;
    this.needs = next.map((e) => e !== null);
    this.inputs = inputs;
    this.outputs = outputs;
    this.#backward = backward;
    this.#saved = saved;
    this.#versions = saved.map((t) => t.version);
    this.leaf = leaf;
    this.stack = isAnomalyEnabled() ? userStack() : undefined;
  }

  /**
   * Runs the backward after checking that the graph is alive and saved tensors unchanged.
   *
   * @example
   * ```ts
   * const y = tg.ones([2], { requiresGrad: true }).mul(3);
   * y.gradFn!.apply([tg.ones([2])])[0]!.toArray(); // [3, 3]
   * ```
   */
  apply(grads: readonly T[]): readonly (T | null)[] {
    if (this.#released || this.#backward === null) {
      throw new AutogradError(
        `${this.name}: trying to backward through the graph a second time (or to use saved tensors ` +
          `after they were freed). Pass { retainGraph: true } to the first backward() if you need to ` +
          `backward through the graph again.`,
      );
    }
    for (let i = 0; i < this.#saved.length; i++) {
      const version = this.#saved[i]!.version;
      if (version !== this.#versions[i]) {
        throw new AutogradError(
          `${this.name}: a tensor needed for gradient computation was modified by an in-place ` +
            `operation: it is at version ${version}, expected version ${this.#versions[i]}. ` +
            `Use an out-of-place op (e.g. add instead of add_) or clone() the tensor first.`,
        );
      }
    }
    return this.#backward(grads, this.needs);
  }

  /**
   * Frees the saved tensors; a later backward through this node throws.
   *
   * @example
   * ```ts
   * const y = tg.ones([2], { requiresGrad: true }).mul(3);
   * y.gradFn!.release();
   * y.sum().backward(); // throws: "trying to backward through the graph a second time"
   * ```
   */
  release(): void {
    if (this.leaf !== null) return;
    this.#released = true;
    this.#backward = null;
    this.#saved = [];
    this.#versions = [];
  }
}

/** This library's root folder (src/ or dist/src/), whose frames are dropped from anomaly stacks. */
const libraryRoot = new URL('..', import.meta.url).href;
const libraryPath = libraryRoot.startsWith('file://') ? decodeURIComponent(new URL(libraryRoot).pathname) : libraryRoot;

/** The current JS stack without the library's own frames: where the user's code called the op. */
function userStack(): string | undefined {
  const lines = new Error().stack?.split('\n').slice(1) ?? [];
  const outside = lines.filter((l) => !l.includes(libraryRoot) && !l.includes(libraryPath));
  return (outside.length > 0 ? outside : lines).join('\n');
}

const accumulators = new WeakMap<object, Node<unknown>>();

/** The `AccumulateGrad` node of a leaf tensor (one per leaf, created on first use). */
export function accumulatorOf<T extends AutogradTensor<T>>(leaf: T): Node<T> {
  let node = accumulators.get(leaf) as Node<T> | undefined;
  if (node === undefined) {
    node = new Node<T>('AccumulateGrad', [], [], [{ shape: leaf.shape, dtype: leaf.dtype }], null, [], leaf);
    accumulators.set(leaf, node as Node<unknown>);
  }
  return node;
}

/** The edge a tensor's gradient flows into, or null when it does not require grad. */
export function edgeOf<T extends AutogradTensor<T>>(t: T): Edge<T> | null {
  if (t.gradFn !== null) return { node: t.gradFn, index: t.outputIndex };
  return t.requiresGrad ? { node: accumulatorOf(t), index: 0 } : null;
}
