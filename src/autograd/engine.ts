/**
 * @file The backward engine: a topological walk from the roots that sums the gradients
 * arriving at each node, runs its backward, and hands the results to the nodes of its inputs.
 * It knows tensors only through `AutogradTensor` and the arithmetic passed in as `EngineOps`.
 */
import { AutogradError, fmtShape } from '../core/errors.js';
import { enableGrad, isAnomalyEnabled, noGrad } from './grad-mode.js';
import type { AutogradTensor, Edge, GradMeta, Node } from './node.js';

/** The tensor arithmetic the engine needs, passed in by the tensor layer. */
export interface EngineOps<T> {
  /** `a + b` (same shape). */
  add(a: T, b: T): T;
  /** Sums a gradient over broadcast dims down to `meta.shape` and casts it to `meta.dtype`. */
  adapt(grad: T, meta: GradMeta): T;
  /** Zeros of the given shape and dtype (for outputs that received no gradient). */
  zeros(meta: GradMeta): T;
  /** A contiguous copy that owns its storage (stored as a leaf's `.grad`). */
  clone(t: T): T;
  /** Whether any element is NaN or ±Inf. */
  hasNonFinite(t: T): boolean;
}

/** Options of a backward pass. */
export interface RunOptions<T> {
  readonly retainGraph: boolean;
  readonly createGraph: boolean;
  /** When given, gradients reaching these edges are returned instead of accumulated into leaves. */
  readonly capture?: readonly (Edge<T> | null)[];
}

/**
 * Backpropagates `grads` from `roots` through the graph. Accumulates into leaves' `.grad`,
 * or, with `capture`, returns the gradient that reached each captured edge (null if none).
 */
export function runBackward<T extends AutogradTensor<T>>(
  roots: readonly Edge<T>[],
  grads: readonly T[],
  options: RunOptions<T>,
  ops: EngineOps<T>,
): (T | null)[] {
  const deps = countDependencies(roots);
  const buffers = new Map<Node<T>, (T | null)[]>();
  const accumulate = (edge: Edge<T>, g: T): void => {
    let buf = buffers.get(edge.node);
    if (buf === undefined) {
      buf = new Array<T | null>(edge.node.outputs.length).fill(null);
      buffers.set(edge.node, buf);
    }
    const prev = buf[edge.index];
    buf[edge.index] = prev == null ? g : ops.add(prev, g);
  };
  roots.forEach((r, i) => accumulate(r, grads[i]!));

  const capture = options.capture;
  const captured: (T | null)[] = capture ? capture.map(() => null) : [];
  const ready: Node<T>[] = [...new Set(roots.map((r) => r.node))].filter((n) => (deps.get(n) ?? 0) === 0);
  const gradMode = options.createGraph ? enableGrad : noGrad;

  // The whole walk runs in one grad mode: recording only when building a graph of the backward.
  gradMode(() => {
    while (ready.length > 0) {
      const node = ready.pop()!;
      const buf = buffers.get(node);
      buffers.delete(node);
      const n = node.outputs.length;
      const outGrads = new Array<T | null>(n);
      let any = false;
      for (let i = 0; i < n; i++) {
        let g = buf === undefined ? null : buf[i]!;
        if (g !== null) for (const h of node.hooks) if (h.index === i) g = h.fn(g) ?? g;
        outGrads[i] = g;
        if (g !== null) any = true;
      }
      if (capture) {
        for (let k = 0; k < capture.length; k++) {
          const e = capture[k];
          if (e && e.node === node && outGrads[e.index] != null) captured[k] = outGrads[e.index]!;
        }
      }
      if (node.leaf !== null) {
        if (!capture && any) accumulateLeaf(node.leaf, outGrads[0]!, options.createGraph, ops);
      } else if (any) {
        const filled = outGrads.map((g, i) => g ?? ops.zeros(node.outputs[i]!));
        const inGrads = node.apply(filled);
        if (isAnomalyEnabled()) checkFinite(node, inGrads, ops);
        for (let i = 0; i < node.next.length; i++) {
          const edge = node.next[i];
          const g = inGrads[i];
          if (edge == null || g == null) continue;
          accumulate(edge, adaptChecked(node, i, g, ops));
        }
      }
      if (!options.retainGraph) node.release();
      for (const edge of node.next) {
        if (edge === null) continue;
        const left = deps.get(edge.node)! - 1;
        deps.set(edge.node, left);
        if (left === 0) ready.push(edge.node);
      }
    }
  });
  return captured;
}

function countDependencies<T>(roots: readonly Edge<T>[]): Map<Node<T>, number> {
  const deps = new Map<Node<T>, number>();
  const seen = new Set<Node<T>>();
  const stack = roots.map((r) => r.node);
  for (const n of stack) seen.add(n);
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const edge of node.next) {
      if (edge === null) continue;
      deps.set(edge.node, (deps.get(edge.node) ?? 0) + 1);
      if (!seen.has(edge.node)) {
        seen.add(edge.node);
        stack.push(edge.node);
      }
    }
  }
  return deps;
}

function accumulateLeaf<T extends AutogradTensor<T>>(leaf: T, g: T, createGraph: boolean, ops: EngineOps<T>): void {
  leaf.grad = leaf.grad === null ? (createGraph ? g : ops.clone(g)) : ops.add(leaf.grad, g);
}

function adaptChecked<T extends AutogradTensor<T>>(node: Node<T>, i: number, g: T, ops: EngineOps<T>): T {
  const meta = node.inputs[i]!;
  const out = ops.adapt(g, meta);
  if (out.shape.length !== meta.shape.length || out.shape.some((d, k) => d !== meta.shape[k])) {
    throw new AutogradError(
      `${node.name}: backward returned a gradient of shape ${fmtShape(g.shape)} for input ${i}, ` +
        `which has shape ${fmtShape(meta.shape)}`,
    );
  }
  return out;
}

function checkFinite<T extends AutogradTensor<T>>(node: Node<T>, grads: readonly (T | null)[], ops: EngineOps<T>): void {
  grads.forEach((g, i) => {
    if (g != null && ops.hasNonFinite(g)) {
      throw new AutogradError(
        `Function '${node.name}' returned nan or inf values in its ${i}th output.` +
          (node.stack ? ` The forward call that created it:\n${node.stack}` : ''),
      );
    }
  });
}
