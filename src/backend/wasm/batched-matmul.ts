/**
 * @file Float32 (batched) matrix products on the WebAssembly `sgemm` kernel, split across
 * threads when large.
 *
 * Each operand's elements are staged with one copy of the span of storage its view covers,
 * and addressed in place by the view's strides: a matrix whose columns are contiguous is
 * passed as is, one whose rows are contiguous as transposed, so `x.t()`, `.mT` and the
 * products of a backward pass need no copies. Other layouts (and views that cover a span
 * much larger than themselves) are made contiguous first. The product is written to scratch
 * and copied out to a new array.
 *
 * Threads split the batch when it holds enough matrices, else the rows of C (or, for short
 * wide products, its columns), in proportion to each thread's measured speed (`shareWeights`
 * in threads.ts: on a shared VM one core may run 10–30% slower than the other for seconds);
 * each thread packs into its own work buffer.
 */
import type { View } from '../backend.js';
import { sizeOf } from '../../core/shape.js';
import type { CpuStorage } from '../cpu/storage.js';
import { planRuns } from '../cpu/plan.js';
import { mark, release, scratch, type WasmRuntime } from './runtime.js';
import { noteSplit, readyWorkers, runLocal, runShared, runtimeFor, shareWeights, waitShared, type Job } from './threads.js';
import { outputF32 } from './output.js';

/** Multiply-adds below which a product stays on one thread. */
export const THREAD_MIN_MACS = 1 << 20;

/** How one operand's matrices are addressed in scratch. */
interface Staged {
  /** Byte offset of the first matrix. */
  ptr: number;
  trans: number;
  ld: number;
}

/** Whether a `rows × cols` matrix with these strides can be addressed as (possibly transposed) row-major. */
function layout(rows: number, cols: number, rs: number, cs: number): { trans: number; ld: number } | null {
  if (cs === 1 || cols === 1) return { trans: 0, ld: rs };
  if (rs === 1 || rows === 1) return { trans: 1, ld: cs };
  return null;
}

/** Copies the storage span `[lo, hi)` of `data` into scratch and returns its byte offset. */
function stageSpan(rt: WasmRuntime, data: Float32Array, lo: number, hi: number): number {
  const ptr = scratch(rt, (hi - lo) * 4);
  rt.f32.set(data.subarray(lo, hi), ptr >> 2);
  return ptr;
}

/** Copies a strided matrix batch densely (row-major) into scratch (the layouts `layout` refuses). */
function stageDense(rt: WasmRuntime, data: Float32Array, starts: readonly number[], rows: number, cols: number, rs: number, cs: number): number {
  const ptr = scratch(rt, starts.length * rows * cols * 4);
  const f = rt.f32;
  let o = ptr >> 2;
  for (const s of starts) {
    for (let i = 0; i < rows; i++) for (let j = 0, p = s + i * rs; j < cols; j++, p += cs) f[o++] = data[p]!;
  }
  return ptr;
}

/**
 * `a @ b` for float32 views `[…, M, K]` and `[…, K, N]` with equal (already broadcast) batch
 * shapes, as a new contiguous array; with `sumBatch`, the sum of the batch's products `[M, N]`
 * (accumulated in place, so no batch of products is ever stored).
 */
export function wasmBatchedMatmul(rt: WasmRuntime, a: View, b: View, sumBatch = false): Float32Array {
  const nd = a.shape.length;
  const M = a.shape[nd - 2]!, K = a.shape[nd - 1]!, N = b.shape[nd - 1]!;
  const batchShape = a.shape.slice(0, nd - 2);
  const batches = sizeOf(batchShape);
  rt = runtimeFor(rt, batches * M * N * K >= THREAD_MIN_MACS);
  const out = outputF32((sumBatch ? 1 : batches) * M * N);
  if (out.length === 0 || batches === 0 || K === 0) return out.fill(0);
  const plan = planRuns(batchShape, [a.strides.slice(0, nd - 2), b.strides.slice(0, nd - 2)], [a.offset, b.offset]);
  const aStarts: number[] = [], bStarts: number[] = [];
  for (let r = 0; r < plan.count; r++) {
    for (let e = 0, pa = plan.starts[0]![r]!, pb = plan.starts[1]![r]!; e < plan.length; e++, pa += plan.strides[0]!, pb += plan.strides[1]!) {
      aStarts.push(pa);
      bStarts.push(pb);
    }
  }
  const m = mark(rt);
  try {
    const sa = stage(rt, (a.storage as CpuStorage).data as Float32Array, aStarts, M, K, a.strides[nd - 2]!, a.strides[nd - 1]!);
    const sb = stage(rt, (b.storage as CpuStorage).data as Float32Array, bStarts, K, N, b.strides[nd - 2]!, b.strides[nd - 1]!);
    const cPtr = scratch(rt, out.length * 4);
    if (sumBatch) rt.f32.fill(0, cPtr >> 2, (cPtr >> 2) + out.length);
    run(rt, sa, sb, cPtr, M, N, K, batches, sumBatch);
    out.set(rt.f32.subarray(cPtr >> 2, (cPtr >> 2) + out.length));
  } finally {
    release(rt, m);
  }
  return out;
}

/** Stages one operand; `ptrs[e]` is then the byte offset of batch element `e`'s matrix. */
function stage(rt: WasmRuntime, data: Float32Array, starts: readonly number[], rows: number, cols: number, rs: number, cs: number): Staged & { ptrs: number[] } {
  const lay = layout(rows, cols, rs, cs);
  let lo = Infinity, hi = -Infinity;
  for (const s of starts) {
    lo = Math.min(lo, s);
    hi = Math.max(hi, s + (rows - 1) * rs + (cols - 1) * cs + 1);
  }
  const span = hi - lo;
  if (lay !== null && rs >= 0 && cs >= 0 && span <= 2 * starts.length * rows * cols + 64) {
    const base = stageSpan(rt, data, lo, hi);
    return { ptr: base, ...lay, ptrs: starts.map((s) => base + (s - lo) * 4) };
  }
  const base = stageDense(rt, data, starts, rows, cols, rs, cs);
  return { ptr: base, trans: 0, ld: cols, ptrs: starts.map((_, e) => base + e * rows * cols * 4) };
}

/** Runs every product of the batch, splitting across the ready workers when large enough. */
function run(rt: WasmRuntime, sa: Staged & { ptrs: number[] }, sb: Staged & { ptrs: number[] }, c: number, M: number, N: number, K: number, batches: number, sumBatch: boolean): void {
  // With sumBatch every product accumulates (beta 1) into the same zeroed C.
  const cStep = sumBatch ? 0 : 4 * M * N, beta = sumBatch ? 1 : 0;
  const workBytes = rt.exports.sgemm_work_bytes(M, N, K);
  const macs = batches * M * N * K;
  const helpers = macs >= THREAD_MIN_MACS ? readyWorkers(rt) : 0;
  const threads = helpers + 1;
  const works: number[] = [];
  for (let t = 0; t < threads; t++) works.push(scratch(rt, workBytes));
  const gemm = (e0: number, e1: number, r0: number, r1: number, c0: number, c1: number, work: number): Job[] => {
    const list: Job[] = [];
    // Consecutive batch elements whose pointers advance by constant steps form one job.
    let e = e0;
    while (e < e1) {
      let end = e + 1;
      const dA = e + 1 < e1 ? sa.ptrs[e + 1]! - sa.ptrs[e]! : 0, dB = e + 1 < e1 ? sb.ptrs[e + 1]! - sb.ptrs[e]! : 0;
      while (end < e1 && sa.ptrs[end]! - sa.ptrs[end - 1]! === dA && sb.ptrs[end]! - sb.ptrs[end - 1]! === dB) end++;
      const aPtr = sa.ptrs[e]! + 4 * (sa.trans ? r0 : r0 * sa.ld);
      const bPtr = sb.ptrs[e]! + 4 * (sb.trans ? c0 * sb.ld : c0);
      const cPtr = c + e * cStep + 4 * (r0 * N + c0);
      list.push({
        fn: 'sgemm',
        args: [sa.trans, sb.trans, r1 - r0, c1 - c0, K, aPtr, sa.ld, bPtr, sb.ld, cPtr, N, beta, work],
        count: end - e,
        steps: [0, 0, 0, 0, 0, dA, 0, dB, 0, cStep, 0, 0, 0],
      });
      e = end;
    }
    return list;
  };
  if (threads === 1) {
    for (const j of gemm(0, batches, 0, M, 0, N, works[0]!)) runLocal(rt, j);
    return;
  }
  // Shares in proportion to each thread's measured speed (threads.ts), rows and columns cut at
  // multiples of 8, and never a last share of 1–7 (it would run as a thin product, whose
  // sums run in another order): every share is computed exactly as the whole would be.
  const weights = shareWeights(helpers);
  const total = weights.reduce((x, y) => x + y, 0);
  const frac = [0];
  for (let t = 0, acc = 0; t < threads; t++) frac.push((acc += weights[t]!) / total);
  const cut = (n: number, t: number, align: number): number => {
    if (t >= threads) return n;
    const at = Math.floor((n * frac[t]!) / align) * align;
    return t === threads - 1 && n - at < align ? n : at;
  };
  const shares: { jobs: Job[]; work: number }[] = [];
  for (let t = 0; t < threads; t++) {
    if (batches >= 2 * threads && !sumBatch) {
      const e0 = cut(batches, t, 1), e1 = cut(batches, t + 1, 1);
      shares.push({ jobs: gemm(e0, e1, 0, M, 0, N, works[t]!), work: (e1 - e0) * M * N * K });
    } else if (M >= N || N < 8 * threads) {
      const r0 = cut(M, t, 8), r1 = cut(M, t + 1, 8);
      shares.push({ jobs: gemm(0, batches, r0, r1, 0, N, works[t]!), work: batches * (r1 - r0) * N * K });
    } else {
      const c0 = cut(N, t, 8), c1 = cut(N, t + 1, 8);
      shares.push({ jobs: gemm(0, batches, 0, M, c0, c1, works[t]!), work: batches * M * (c1 - c0) * K });
    }
  }
  // Workers take shares 1…; a share of several jobs (irregular batches) stays on the caller.
  const remote: Job[] = [], remoteWork: number[] = [];
  const local: Job[] = [...shares[0]!.jobs];
  let localWork = shares[0]!.work;
  for (let t = 1; t < threads; t++) {
    if (shares[t]!.jobs.length === 1) {
      remote.push(shares[t]!.jobs[0]!);
      remoteWork.push(shares[t]!.work);
    } else {
      local.push(...shares[t]!.jobs);
      localWork += shares[t]!.work;
    }
  }
  runShared(remote);
  const t0 = performance.now();
  for (const j of local) runLocal(rt, j);
  const localMs = performance.now() - t0;
  waitShared(remote.length);
  noteSplit(localMs, localWork, remoteWork);
}
