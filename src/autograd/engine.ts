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
  const stamp = countDependencies(roots);
  const accumulate = (edge: Edge<T>, g: T): void => {
    const node = edge.node;
    if (node.buffer === null) node.buffer = new Array<T | null>(node.outputs.length).fill(null);
    const prev = node.buffer[edge.index];
    node.buffer[edge.index] = prev == null ? g : ops.add(prev, g);
  };
  for (let i = 0; i < roots.length; i++) accumulate(roots[i]!, grads[i]!);

  const capture = options.capture;
  const captured: (T | null)[] = capture ? capture.map(() => null) : [];
  const ready: Node<T>[] = [...new Set(roots.map((r) => r.node))].filter((n) => n.stamp !== stamp || n.pending === 0);
  const gradMode = options.createGraph ? enableGrad : noGrad;

  // The whole walk runs in one grad mode: recording only when building a graph of the backward.
  gradMode(() => {
    while (ready.length > 0) {
      const node = ready.pop()!;
      const buf = node.buffer;
      node.buffer = null;
      const n = node.outputs.length;
      const outGrads = new Array<T | null>(n);
      let any = false;
      for (let i = 0; i < n; i++) {
        let g = buf === null ? null : buf[i]!;
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
        if (--edge.node.pending === 0) ready.push(edge.node);
      }
    }
  });
  return captured;
}

let walks = 0;

/** Stamps every node reachable from the roots with a new walk id and counts its consumers. */
function countDependencies<T>(roots: readonly Edge<T>[]): number {
  const stamp = ++walks;
  const stack: Node<T>[] = [];
  for (const r of roots) {
    if (r.node.stamp !== stamp) {
      r.node.stamp = stamp;
      r.node.pending = 0;
      r.node.buffer = null;
      stack.push(r.node);
    }
  }
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const edge of node.next) {
      if (edge === null) continue;
      const next = edge.node;
      if (next.stamp !== stamp) {
        next.stamp = stamp;
        next.pending = 0;
        next.buffer = null;
        stack.push(next);
      }
      next.pending++;
    }
  }
  return stamp;
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
