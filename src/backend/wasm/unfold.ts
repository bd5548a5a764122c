/**
 * @file float32 im2col / col2im on the WebAssembly kernels: the input is staged with one copy
 * of the span its view covers, the batch's images are split across the ready worker threads
 * (one kernel call per image), and the result is copied out once.
 */
import type { Im2colGeometry, View } from '../backend.js';
import type { CpuStorage } from '../cpu/storage.js';
import { mark, release, scratch, type WasmRuntime } from './runtime.js';
import { readyWorkers, runLocal, runShared, runtimeFor, waitShared, type Job } from './threads.js';
import { outputF32 } from './output.js';

/** Elements moved below which one thread does all the images. */
const THREAD_MIN_ELEMENTS = 1 << 16;

/** Stages the span of storage `v` covers; null when it is far larger than the view or strides are negative. */
function stageView(rt: WasmRuntime, v: View): number | null {
  let lo = v.offset, hi = v.offset + 1, numel = 1;
  for (let d = 0; d < v.shape.length; d++) {
    const n = v.shape[d]!, s = v.strides[d]!;
    if (n === 0) return null;
    if (s < 0) return null;
    hi += (n - 1) * s;
    numel *= n;
  }
  if (hi - lo > 2 * numel + 1024) return null;
  const ptr = scratch(rt, (hi - lo) * 4);
  rt.f32.set(((v.storage as CpuStorage).data as Float32Array).subarray(lo, hi), ptr >> 2);
  return ptr - lo * 4; // byte address of element 0 of the storage, as if staged whole
}

/** Whether `N` images moving `elements` elements are worth splitting across threads. */
function large(N: number, elements: number): boolean {
  return elements >= THREAD_MIN_ELEMENTS && N > 1;
}

/** Runs `job(n0, n1)` for the images `[0, N)`, split across the ready workers when large. */
function splitImages(rt: WasmRuntime, N: number, elements: number, job: (n0: number, n1: number) => Job): void {
  const helpers = large(N, elements) ? Math.min(readyWorkers(rt), N - 1) : 0;
  const threads = helpers + 1;
  const at = (t: number): number => Math.floor((N * t) / threads);
  const remote: Job[] = [];
  for (let t = 1; t < threads; t++) remote.push(job(at(t), at(t + 1)));
  runShared(remote);
  runLocal(rt, job(0, at(1)));
  waitShared(remote.length);
}

/** `im2col` of a float32 `[N, C, H, W]` view, or null when its layout is not stageable. */
export function wasmIm2col(rt: WasmRuntime, x: View, g: Im2colGeometry): Float32Array | null {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [kh, kw] = g.kernel, [oh, ow] = g.blocks;
  const per = C * kh * kw * oh * ow;
  const out = outputF32(N * per);
  if (out.length === 0) return out;
  rt = runtimeFor(rt, large(N, out.length));
  const m = mark(rt);
  try {
    const base = stageView(rt, x);
    if (base === null) return null;
    const dst = scratch(rt, out.length * 4);
    const [sN, sC, sH, sW] = x.strides as [number, number, number, number];
    const args = (n0: number): number[] => [base + 4 * (x.offset + n0 * sN), dst + 4 * n0 * per, C, H, W, sC, sH, sW,
      kh, kw, g.stride[0], g.stride[1], g.padding[0], g.padding[1], g.dilation[0], g.dilation[1], oh, ow, g.padValue];
    const steps = [4 * sN, 4 * per];
    splitImages(rt, N, out.length, (n0, n1) => ({ fn: 'im2col_f32', args: args(n0), count: n1 - n0, steps }));
    out.set(rt.f32.subarray(dst >> 2, (dst >> 2) + out.length));
    return out;
  } finally {
    release(rt, m);
  }
}

/** `col2im` of float32 columns `[N, C·kh·kw, oh·ow]`, or null when their layout is not stageable. */
export function wasmCol2im(rt: WasmRuntime, cols: View, g: Im2colGeometry): Float32Array | null {
  const [N, rows] = cols.shape as [number, number, number];
  const [kh, kw] = g.kernel, [oh, ow] = g.blocks, [H, W] = g.size;
  const C = rows / (kh * kw);
  const per = C * H * W;
  const out = outputF32(N * per);
  if (out.length === 0 || cols.shape[2] === 0) return out.fill(0);
  rt = runtimeFor(rt, large(N, out.length));
  const m = mark(rt);
  try {
    const base = stageView(rt, cols);
    if (base === null) return null;
    const dst = scratch(rt, out.length * 4);
    rt.f32.fill(0, dst >> 2, (dst >> 2) + out.length);
    const [s0, s1, s2] = cols.strides as [number, number, number];
    const args = (n0: number): number[] => [base + 4 * (cols.offset + n0 * s0), dst + 4 * n0 * per, C, H, W, s1, s2,
      kh, kw, g.stride[0], g.stride[1], g.padding[0], g.padding[1], g.dilation[0], g.dilation[1], oh, ow];
    const steps = [4 * s0, 4 * per];
    splitImages(rt, N, out.length, (n0, n1) => ({ fn: 'col2im_f32', args: args(n0), count: n1 - n0, steps }));
    out.set(rt.f32.subarray(dst >> 2, (dst >> 2) + out.length));
    return out;
  } finally {
    release(rt, m);
  }
}
