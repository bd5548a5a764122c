/**
 * @file Float32 elementwise ops of one and two inputs on the WebAssembly SIMD kernels
 * (`assembly/binary.ts`): arithmetic, maximum/minimum, comparisons, `float32 × bool`
 * products (the ReLU backward `g.mul(x.gt(0))`) and the simple unary ops. Results are bitwise
 * those of the JS loops in `cpu/binary.ts` and `cpu/unary.ts`.
 *
 * The iteration plan (`planRuns`) gives `count` runs of `len` elements; the output is written
 * in groups of runs of at most {@link CHUNK} elements (a run longer than that is cut into
 * pieces), staged through scratch so every buffer stays in cache. Each operand is staged one
 * of three ways:
 * - dense (inner stride 1, runs back to back in storage: contiguous tensors, the big operand
 *   of a bias add): each group's elements are one copy;
 * - span (anything else whose storage span is not much bigger than the output, e.g. a bias
 *   vector, a broadcast scalar, a transposed or sliced view): the span is copied once and the
 *   kernel addresses it by the plan's run starts and stride;
 * - gather (the rest): each group's runs are copied one by one.
 */
import type { DType, TypedArray } from '../../core/dtype.js';
import { sizeOf } from '../../core/shape.js';
import type { BinaryKernel, UnaryKernel, View } from '../backend.js';
import { planRuns, type Plan } from '../cpu/plan.js';
import type { CpuStorage } from '../cpu/storage.js';
import { mark, release, scratch, type WasmRuntime } from './runtime.js';
import { outputF32, outputU8 } from './output.js';

/** Output elements per kernel call: 16 Ki floats, 64 KiB per staged buffer. */
export const CHUNK = 16384;

/**
 * Below this many elements the JS loops are used: the kernel call and its staging cost more
 * than they save. Measured on Node 20 (x86-64) against the JS loops as a real program sees
 * them (type feedback from several dtypes): a streamed op (contiguous or scalar operands) is
 * about even at 256 elements and 1.3–2× faster at 512; one with many runs (a bias add)
 * about even at 512 and 1.2–1.4× faster at 1024, hence {@link WASM_ELEMENTWISE_MIN_RUNS}.
 */
export const WASM_ELEMENTWISE_MIN = 512;

/** The threshold for plans of several runs (broadcast rows, strided views). */
export const WASM_ELEMENTWISE_MIN_RUNS = 1024;

/**
 * A span-staged operand's span is at most this many elements (16 MiB of float32; the
 * kernels' memory never shrinks, so whole-operand staging is bounded)…
 */
const SPAN_MAX = 1 << 22;
/** …and at most this many times the output (plus a chunk); else its runs are gathered. */
const SPAN_RATIO = 2;

const ARITH: Partial<Record<BinaryKernel, number>> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5 };
const COMPARE: Partial<Record<BinaryKernel, number>> = { eq: 0, ne: 1, lt: 2, le: 3, gt: 4, ge: 5 };
const UNARY: Partial<Record<UnaryKernel, number>> = { relu: 0, neg: 1, abs: 2, square: 3, sqrt: 4, reciprocal: 5 };

/** An operand of a kernel: its storage, the bytes-per-element shift, and its runs. */
interface Operand {
  readonly data: Float32Array | Uint8Array;
  /** log2 of the element size: 2 for float32, 0 for bool bytes. */
  readonly shift: number;
  readonly starts: Int32Array;
  readonly stride: number;
}

/** Kernel families, for {@link launch}. */
const ARITH_KERNEL = 0, COMPARE_KERNEL = 1, MASK_KERNEL = 2, UNARY_KERNEL = 3;

const DENSE = 0, SPAN = 1, GATHER = 2;

const dataOf = (v: View): TypedArray => (v.storage as CpuStorage).data;

/**
 * `a op b` for float32 views (float32 × bool for `mul`) of one (already broadcast) shape, as
 * a new array of `outDtype`, or `null` when this is not a case the kernels handle (other
 * dtypes or ops, or fewer than {@link WASM_ELEMENTWISE_MIN} elements): the caller then runs
 * the JS loops.
 */
export function wasmBinaryF32(rt: WasmRuntime, op: BinaryKernel, a: View, b: View, outDtype: DType): TypedArray | null {
  const n = sizeOf(a.shape);
  if (n < WASM_ELEMENTWISE_MIN || (n < WASM_ELEMENTWISE_MIN_RUNS && !(streamable(a) && streamable(b)))) return null;
  const da = a.storage.dtype, db = b.storage.dtype;
  if (da === 'float32' && db === 'float32') {
    const arith = ARITH[op];
    if (arith !== undefined && outDtype === 'float32') return run2(rt, ARITH_KERNEL, arith, a, b, 2, 2);
    const cmp = COMPARE[op];
    if (cmp !== undefined && outDtype === 'bool') return run2(rt, COMPARE_KERNEL, cmp, a, b, 2, 0);
    return null;
  }
  if (op === 'mul' && outDtype === 'float32' && ((da === 'float32' && db === 'bool') || (da === 'bool' && db === 'float32'))) {
    // x·m = m·x bitwise (up to NaN payloads, which the JS loops do not keep either).
    return da === 'float32' ? run2(rt, MASK_KERNEL, 0, a, b, 0, 2) : run2(rt, MASK_KERNEL, 0, b, a, 0, 2);
  }
  return null;
}

/**
 * `op(x)` for a float32 view and the simple unary ops (relu, neg, abs, square, sqrt,
 * reciprocal) as a new Float32Array, or `null` when not handled (see {@link wasmBinaryF32}).
 */
export function wasmSimpleUnaryF32(rt: WasmRuntime, op: UnaryKernel, x: View, outDtype: DType = 'float32'): Float32Array | null {
  const code = UNARY[op];
  if (code === undefined || x.storage.dtype !== 'float32' || outDtype !== 'float32') return null;
  const n = sizeOf(x.shape);
  if (n < WASM_ELEMENTWISE_MIN || (n < WASM_ELEMENTWISE_MIN_RUNS && !streamable(x))) return null;
  const plan = planRuns(x.shape, [x.strides], [x.offset]);
  const flat = plan.count === 1 && (plan.strides[0] === 0 || plan.strides[0] === 1);
  if (!flat && n < WASM_ELEMENTWISE_MIN_RUNS) return null;
  const ops: Operand[] = [{ data: dataOf(x) as Float32Array, shift: 2, starts: plan.starts[0]!, stride: plan.strides[0]! }];
  const out = outputF32(n);
  return flat ? runFlat(rt, UNARY_KERNEL, code, ops, out, 2, n) : run(rt, UNARY_KERNEL, code, plan, ops, out, 2);
}

/** Two-operand ops: `b` holds bytes when `bShift` is 0 (float32 × bool). */
function run2(rt: WasmRuntime, kind: number, code: number, a: View, b: View, bShift: number, outShift: number): Float32Array | Uint8Array | null {
  const plan = planRuns(a.shape, [a.strides, b.strides], [a.offset, b.offset]);
  const n = plan.length * plan.count;
  const flat = plan.count === 1 && (plan.strides[0] === 0 || plan.strides[0] === 1) && (plan.strides[1] === 0 || plan.strides[1] === 1);
  if (!flat && n < WASM_ELEMENTWISE_MIN_RUNS) return null;
  const out = outShift === 2 ? outputF32(n) : outputU8(n);
  const sa = plan.strides[0]!, sb = plan.strides[1]!;
  const ops: Operand[] = [
    { data: dataOf(a) as Float32Array, shift: 2, starts: plan.starts[0]!, stride: sa },
    { data: dataOf(b) as Float32Array | Uint8Array, shift: bShift === 0 ? 0 : 2, starts: plan.starts[1]!, stride: sb },
  ];
  return flat ? runFlat(rt, kind, code, ops, out, outShift, n) : run(rt, kind, code, plan, ops, out, outShift);
}

/**
 * Whether the view is row-major contiguous or one broadcast value (every stride 0), i.e. its
 * plan is a single streamed run (as `planRuns` decides), without planning.
 */
function streamable(v: View): boolean {
  let zero = true, contiguous = true;
  for (let d = v.shape.length - 1, s = 1; d >= 0; d--) {
    const n = v.shape[d]!;
    if (n !== 1) {
      if (v.strides[d] !== 0) zero = false;
      if (v.strides[d] !== s) contiguous = false;
    }
    s *= n;
  }
  return zero || contiguous;
}

const align = (bytes: number): number => (bytes + 63) & ~63;

/** Calls the kernel of family `kind` (op `code`); operand 1 is unused by the unary kernels. */
function launch(rt: WasmRuntime, kind: number, code: number, p0: number, s0: number, st0: number, p1: number, s1: number, st1: number,
  out: number, len: number, count: number): void {
  const k = rt.exports;
  if (kind === ARITH_KERNEL) k.binary_f32(code, p0, s0, st0, p1, s1, st1, out, len, count);
  else if (kind === COMPARE_KERNEL) k.compare_f32(code, p0, s0, st0, p1, s1, st1, out, len, count);
  else if (kind === MASK_KERNEL) k.mul_f32_u8(p0, s0, st0, p1, s1, st1, out, len, count);
  else k.unary_f32(code, p0, s0, st0, out, len, count);
}

/**
 * One run of `n` elements, each operand contiguous (stride 1) or one broadcast value
 * (stride 0): streamed through scratch a chunk at a time.
 */
function runFlat<T extends Float32Array | Uint8Array>(rt: WasmRuntime, kind: number, code: number, ops: readonly Operand[], out: T, outShift: number, n: number): T {
  const chunk = Math.min(n, CHUNK);
  const o0 = ops[0]!, o1 = ops.length > 1 ? ops[1]! : o0;
  const m = mark(rt);
  try {
    // One scratch block, carved into 64-byte aligned pieces: operand 0, operand 1, a zero start, the output.
    const b0 = align(o0.stride === 0 ? 4 : chunk << o0.shift), b1 = o1 === o0 ? 0 : align(o1.stride === 0 ? 4 : chunk << o1.shift);
    const p0 = scratch(rt, b0 + b1 + 64 + (chunk << outShift));
    const p1 = o1 === o0 ? p0 : p0 + b0, zero = p0 + b0 + b1, po = zero + 64;
    const f32 = rt.f32, u8 = rt.u8;
    rt.i32[zero >> 2] = 0;
    const h0 = o0.shift === 2 ? f32 : u8, h1 = o1.shift === 2 ? f32 : u8, ho = outShift === 2 ? f32 : u8;
    const a0 = p0 >> o0.shift, a1 = p1 >> o1.shift, ao = po >> outShift;
    const s0 = o0.starts[0]!, s1 = o1.starts[0]!;
    if (o0.stride === 0) h0[a0] = o0.data[s0]!;
    if (o1.stride === 0) h1[a1] = o1.data[s1]!;
    for (let i = 0; i < n; i += chunk) {
      const len = Math.min(chunk, n - i);
      if (o0.stride === 1) h0.set(o0.data.subarray(s0 + i, s0 + i + len), a0);
      if (o1.stride === 1 && o1 !== o0) h1.set(o1.data.subarray(s1 + i, s1 + i + len), a1);
      launch(rt, kind, code, p0, o0.stride, zero, p1, o1.stride, zero, po, len, 1);
      out.set(ho.subarray(ao, ao + len), i);
    }
  } finally {
    release(rt, m);
  }
  return out;
}

/**
 * Runs the kernel over the plan, group by group, staging the operands and copying each
 * group's output (element size `1 << outShift`) to `out`.
 */
function run<T extends Float32Array | Uint8Array>(rt: WasmRuntime, kind: number, code: number, plan: Plan, ops: readonly Operand[], out: T, outShift: number): T {
  const { length: len, count } = plan;
  if (count === 0 || len === 0) return out;
  const n = len * count;
  // A run longer than a chunk is cut into pieces (one run per call); else whole runs are grouped.
  const pieces = len > CHUNK;
  const runsPer = pieces ? 1 : Math.floor(CHUNK / len);
  const chunkElems = pieces ? CHUNK : runsPer * len;
  const k = ops.length;
  const modes: number[] = [], los: number[] = [], his: number[] = [];
  for (const o of ops) {
    const [mode, lo, hi] = modeOf(o, len, count, n);
    modes.push(mode);
    los.push(lo);
    his.push(hi);
  }
  const m = mark(rt);
  try {
    // One scratch block (scratch may grow the memory and replace rt's views), carved into
    // 64-byte aligned pieces: per operand its buffer (and start array when span-staged),
    // then the shared start array of densely staged operands, then the output.
    const bufs: number[] = [], startBufs: number[] = [];
    let bytes = 0;
    for (let j = 0; j < k; j++) {
      bufs.push(bytes);
      bytes += align((modes[j] === SPAN ? his[j]! - los[j]! : chunkElems) << ops[j]!.shift);
      startBufs.push(modes[j] === SPAN ? bytes : -1);
      if (modes[j] === SPAN) bytes += align(runsPer * 4);
    }
    const base = scratch(rt, bytes + align(runsPer * 4) + (chunkElems << outShift));
    const iota = base + bytes, outPtr = iota + align(runsPer * 4);
    for (let j = 0; j < k; j++) {
      bufs[j]! += base;
      if (startBufs[j]! >= 0) startBufs[j]! += base;
    }
    const f32 = rt.f32, u8 = rt.u8, i32 = rt.i32;
    for (let r = 0, at = iota >> 2; r < runsPer; r++) i32[at + r] = r * len;
    // The kernel's pointer, stride and start array per operand.
    const ptrs: number[] = [], strides: number[] = [], starts: number[] = [];
    for (let j = 0; j < k; j++) {
      const o = ops[j]!;
      if (modes[j] === SPAN) {
        (o.shift === 2 ? f32 : u8).set(o.data.subarray(los[j]!, his[j]!), bufs[j]! >> o.shift);
        ptrs.push((bufs[j]! - (los[j]! << o.shift)) | 0);
        strides.push(o.stride);
        starts.push(startBufs[j]!);
      } else {
        ptrs.push(bufs[j]!);
        strides.push(1);
        starts.push(iota);
      }
    }
    const last = k - 1;
    const outHeap = outShift === 2 ? f32 : u8;
    const outAt = outPtr >> outShift;
    for (let r0 = 0; r0 < count; r0 += runsPer) {
      const r1 = Math.min(count, r0 + runsPer), runs = r1 - r0;
      for (let i0 = 0; i0 < len; i0 += CHUNK) {
        const plen = pieces ? Math.min(CHUNK, len - i0) : len;
        const elems = runs * plen;
        for (let j = 0; j < k; j++) {
          const o = ops[j]!, st = o.starts;
          const heap = o.shift === 2 ? f32 : u8;
          if (modes[j] === DENSE) {
            const s0 = st[r0]! + i0;
            heap.set(o.data.subarray(s0, s0 + elems), bufs[j]! >> o.shift);
          } else if (modes[j] === SPAN) {
            if (pieces) i32[startBufs[j]! >> 2] = st[r0]! + i0 * o.stride;
            else i32.set(st.subarray(r0, r1), startBufs[j]! >> 2);
          } else {
            gather(o, heap, bufs[j]! >> o.shift, r0, r1, i0, plen);
          }
        }
        launch(rt, kind, code, ptrs[0]!, strides[0]!, starts[0]!, ptrs[last]!, strides[last]!, starts[last]!, outPtr, plen, runs);
        out.set(outHeap.subarray(outAt, outAt + elems), r0 * len + i0);
      }
    }
  } finally {
    release(rt, m);
  }
  return out;
}

/** How an operand is staged (`DENSE`, `SPAN` or `GATHER`) and its storage span `[lo, hi)`. */
function modeOf(o: Operand, len: number, count: number, n: number): [number, number, number] {
  const st = o.starts, s = o.stride;
  if (s === 1) {
    let dense = true;
    for (let r = 1, first = st[0]!; r < count && dense; r++) dense = st[r] === first + r * len;
    if (dense) return [DENSE, 0, 0];
  }
  let lo = Infinity, hi = -Infinity;
  for (let r = 0; r < count; r++) {
    const v = st[r]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const ext = (len - 1) * s;
  lo += Math.min(0, ext);
  hi += Math.max(0, ext) + 1;
  const span = hi - lo;
  return span <= SPAN_MAX && span <= SPAN_RATIO * n + CHUNK ? [SPAN, lo, hi] : [GATHER, 0, 0];
}

/** Copies runs `[r0, r1)`, elements `[i0, i0 + plen)` of each, of `o` densely to `heap[at…]`. */
function gather(o: Operand, heap: Float32Array | Uint8Array, at: number, r0: number, r1: number, i0: number, plen: number): void {
  const { data, starts, stride } = o;
  for (let r = r0; r < r1; r++, at += plen) {
    const s0 = starts[r]! + i0 * stride;
    if (stride === 1) heap.set(data.subarray(s0, s0 + plen), at);
    else for (let i = 0, p = s0; i < plen; i++, p += stride) heap[at + i] = data[p]!;
  }
}
