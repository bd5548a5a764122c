/**
 * @file Iteration plans for strided kernels. A plan turns n-d views of one shape into a list
 * of 1-d runs: `runs` starting offsets per operand and a common run `length`, each operand
 * advancing by its own inner stride. Adjacent dims that are laid out contiguously in every
 * operand are merged first, so contiguous tensors become one long run.
 */

/** Runs covering a shape for several operands at once. */
export interface Plan {
  /** Elements per run. */
  readonly length: number;
  /** Number of runs. */
  readonly count: number;
  /** Inner stride of each operand. */
  readonly strides: number[];
  /** Start offset of every run, per operand. */
  readonly starts: Int32Array[];
}

/**
 * Plans iteration over `shape` for operands with the given strides and offsets, in row-major
 * order of `shape`.
 */
export function planRuns(shape: readonly number[], strides: readonly (readonly number[])[], offsets: readonly number[]): Plan {
  const k = strides.length;
  const flat = flatStrides(shape, strides);
  if (flat !== null) {
    // One run per operand.
    const starts = new Array<Int32Array>(k);
    for (let j = 0; j < k; j++) starts[j] = Int32Array.of(offsets[j]!);
    const total = sizeOfShape(shape);
    return { length: total, count: total === 0 ? 0 : 1, strides: flat, starts };
  }
  // Drop size-1 dims and merge mergeable neighbours.
  const dims: number[] = [];
  const st: number[][] = strides.map(() => []);
  let total = 1;
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    total *= n;
    if (n === 1) continue;
    const last = dims.length - 1;
    let merge = last >= 0;
    for (let j = 0; merge && j < k; j++) if (st[j]![last] !== strides[j]![d]! * n) merge = false;
    if (merge) {
      dims[last] = dims[last]! * n;
      for (let j = 0; j < k; j++) st[j]![last] = strides[j]![d]!;
    } else {
      dims.push(n);
      for (let j = 0; j < k; j++) st[j]!.push(strides[j]![d]!);
    }
  }
  if (total === 0) {
    return { length: 0, count: 0, strides: strides.map(() => 0), starts: strides.map(() => new Int32Array(0)) };
  }
  if (dims.length === 0) {
    return { length: 1, count: 1, strides: strides.map(() => 1), starts: offsets.map((o) => Int32Array.of(o)) };
  }
  const nd = dims.length;
  const length = dims[nd - 1]!;
  const count = total / length;
  const starts = offsets.map(() => new Int32Array(count));
  const idx = new Array<number>(nd - 1).fill(0);
  const cur = [...offsets];
  for (let r = 0; r < count; r++) {
    for (let j = 0; j < k; j++) starts[j]![r] = cur[j]!;
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < dims[d]!) {
        for (let j = 0; j < k; j++) cur[j]! += st[j]![d]!;
        break;
      }
      idx[d] = 0;
      for (let j = 0; j < k; j++) cur[j]! -= st[j]![d]! * (dims[d]! - 1);
    }
  }
  return { length, count, strides: st.map((s) => s[nd - 1]!), starts };
}

function sizeOfShape(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/**
 * The fast case: every operand is either row-major contiguous (inner stride 1) or a single
 * broadcast value (all strides 0) over `shape`. Returns the per-operand run strides, or null.
 */
function flatStrides(shape: readonly number[], strides: readonly (readonly number[])[]): number[] | null {
  const out = new Array<number>(strides.length);
  for (let j = 0; j < strides.length; j++) {
    const st = strides[j]!;
    let zero = true, contiguous = true;
    for (let d = shape.length - 1, s = 1; d >= 0; d--) {
      const n = shape[d]!;
      if (n !== 1) {
        if (st[d] !== 0) zero = false;
        if (st[d] !== s) contiguous = false;
      }
      s *= n;
    }
    if (contiguous) out[j] = 1;
    else if (zero) out[j] = 0;
    else return null;
  }
  return out;
}
