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
  /** `target += g` in place (the accumulated `.grad` keeps its identity, as in PyTorch). */
  addInPlace(target: T, g: T): void;
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
  const capture = options.capture;
  const stamp = markGraph(roots, capture);
  const active = (node: Node<T>): boolean => node.stamp === stamp;
  const accumulate = (edge: Edge<T>, g: T): void => {
    const node = edge.node;
    if (node.buffer === null) node.buffer = new Array<T | null>(node.outputs.length).fill(null);
    const prev = node.buffer[edge.index];
    node.buffer[edge.index] = prev == null ? g : ops.add(prev, g);
  };
  for (let i = 0; i < roots.length; i++) if (active(roots[i]!.node)) accumulate(roots[i]!, grads[i]!);

  const captured: (T | null)[] = capture ? capture.map(() => null) : [];
  const ready = [...new Set(roots.map((r) => r.node))].filter((n) => active(n) && n.pending === 0);
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
        continue;
      }
      // Only nodes that lead on to needed nodes run (grad() may stop at a captured node).
      if (!node.next.some((e) => e !== null && active(e.node))) continue;
      if (any) {
        const filled = outGrads.map((g, i) => g ?? ops.zeros(node.outputs[i]!));
        const inGrads = node.apply(filled);
        if (isAnomalyEnabled()) checkFinite(node, inGrads, ops);
        for (let i = 0; i < node.next.length; i++) {
          const edge = node.next[i];
          const g = inGrads[i];
          if (edge == null || g == null || !active(edge.node)) continue;
          accumulate(edge, adaptChecked(node, i, g, ops));
        }
      }
      if (!options.retainGraph) node.release();
      for (const edge of node.next) {
        if (edge !== null && active(edge.node) && --edge.node.pending === 0) ready.push(edge.node);
      }
    }
  });
  return captured;
}

let walks = 0;

/**
 * Stamps the nodes the walk must visit with a new id and counts, for each, the stamped nodes
 * that feed it a gradient. Without `capture` that is everything reachable from the roots; with
 * it, only the nodes on a path to a captured node.
 */
function markGraph<T>(roots: readonly Edge<T>[], capture: readonly (Edge<T> | null)[] | undefined): number {
  const stamp = ++walks;
  const useful = capture ? nodesLeadingTo(roots, new Set(capture.filter((e) => e !== null).map((e) => e!.node))) : null;
  const stack: Node<T>[] = [];
  const visit = (node: Node<T>): void => {
    if (node.stamp === stamp || (useful !== null && !useful.has(node))) return;
    node.stamp = stamp;
    node.pending = 0;
    node.buffer = null;
    stack.push(node);
  };
  for (const r of roots) visit(r.node);
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const edge of node.next) {
      if (edge === null) continue;
      visit(edge.node);
      if (edge.node.stamp === stamp) edge.node.pending++;
    }
  }
  return stamp;
}

/** The nodes reachable from the roots from which some target node can be reached. */
function nodesLeadingTo<T>(roots: readonly Edge<T>[], targets: ReadonlySet<Node<T>>): Set<Node<T>> {
  const leads = new Map<Node<T>, boolean>();
  const stack: { node: Node<T>; child: number }[] = [];
  for (const r of roots) {
    if (leads.has(r.node)) continue;
    leads.set(r.node, targets.has(r.node));
    stack.push({ node: r.node, child: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edge = top.node.next[top.child++];
      if (top.child > top.node.next.length) {
        stack.pop();
        const parent = stack[stack.length - 1];
        if (parent && leads.get(top.node)) leads.set(parent.node, true);
        continue;
      }
      if (edge == null) continue;
      if (!leads.has(edge.node)) {
        leads.set(edge.node, targets.has(edge.node));
        stack.push({ node: edge.node, child: 0 });
      } else if (leads.get(edge.node)) {
        leads.set(top.node, true);
      }
    }
  }
  return new Set([...leads].filter(([, v]) => v).map(([k]) => k));
}

function accumulateLeaf<T extends AutogradTensor<T>>(leaf: T, g: T, createGraph: boolean, ops: EngineOps<T>): void {
  if (leaf.grad === null) leaf.grad = createGraph ? g : ops.clone(g);
  else if (createGraph || leaf.grad.requiresGrad) leaf.grad = ops.add(leaf.grad, g);
  else ops.addInPlace(leaf.grad, g);
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
