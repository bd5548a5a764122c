/**
 * @file The WebAssembly kernels at run time: compiles the generated module (synchronously, on
 * first use), owns its linear memory and hands out scratch space in it.
 *
 * Tensor storage stays in ordinary typed arrays, garbage-collected with the tensors (V8 counts
 * them as external memory, so it collects them on time). WebAssembly memory is only scratch:
 * a kernel call stages its inputs in, computes, and copies its result out, chunk by chunk
 * where the op allows. Finalization callbacks never run inside a synchronous training loop,
 * so tensors living in linear memory could not be released without `dispose()`; a copy at
 * memcpy speed is the price of keeping memory managed (measured in docs/performance.md).
 *
 * There are two instances of the kernels, each with a memory of its own: `wasm()` on an
 * ordinary memory, for everything the calling thread computes alone, and `wasmShared()` on a
 * shared memory (where `SharedArrayBuffer` exists), for work split across worker threads
 * (see `threads.ts`). Copies into and out of a shared memory run 2.5× slower than into an
 * ordinary one (V8 copies shared memory with relaxed atomic word moves, not memcpy: 0.15 vs
 * 0.06 ms per 4 MB here), so only threaded work pays for it.
 */
import { KERNELS_PAGES, KERNELS_SHARED_WASM, KERNELS_UNSHARED_WASM } from './generated/kernels-wasm.js';
import type { KernelExports } from './exports.js';

/** A compiled kernel module with its memory and typed views of that memory. */
export interface WasmRuntime {
  readonly exports: KernelExports;
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  /** Whether `memory` is shared (then threads can use it). */
  readonly shared: boolean;
  /** The scratch arena's top (bytes in use); see `scratch`, `mark` and `release`. */
  top: number;
  /** Views of the whole memory; refreshed by `scratch` when it grows the memory. */
  f32: Float32Array;
  f64: Float64Array;
  i32: Int32Array;
  u8: Uint8Array;
}

let local: WasmRuntime | null | undefined;
let sharedRuntime: WasmRuntime | null | undefined;
let disabled = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.TENSORGRAD_KERNELS === 'js';
let failure: string | null = null;

function decode(b64: string): Uint8Array<ArrayBuffer> {
  if (typeof Buffer !== 'undefined') {
    const b = Buffer.from(b64, 'base64');
    const out = new Uint8Array(b.length);
    out.set(b);
    return out;
  }
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function create(shared: boolean): WasmRuntime | null {
  if (typeof WebAssembly === 'undefined') {
    failure = 'WebAssembly is not available';
    return null;
  }
  try {
    const bytes = decode(shared ? KERNELS_SHARED_WASM : KERNELS_UNSHARED_WASM);
    if (!WebAssembly.validate(bytes)) {
      failure = 'this engine does not support WebAssembly SIMD';
      return null;
    }
    const memory = new WebAssembly.Memory({ initial: KERNELS_PAGES.initial, maximum: KERNELS_PAGES.maximum, shared });
    const module = new WebAssembly.Module(bytes);
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    const rt: WasmRuntime = {
      exports: instance.exports as unknown as KernelExports,
      memory, module, shared, top: 0,
      f32: new Float32Array(0), f64: new Float64Array(0), i32: new Int32Array(0), u8: new Uint8Array(0),
    };
    refresh(rt);
    return rt;
  } catch (e) {
    failure = `the kernels failed to load: ${(e as Error).message}`;
    return null;
  }
}

function refresh(rt: WasmRuntime): void {
  const buf = rt.memory.buffer;
  rt.f32 = new Float32Array(buf);
  rt.f64 = new Float64Array(buf);
  rt.i32 = new Int32Array(buf);
  rt.u8 = new Uint8Array(buf);
}

/**
 * The kernels on an ordinary memory, for work the calling thread does alone, or `null` when
 * WebAssembly SIMD is unavailable or switched off.
 */
export function wasm(): WasmRuntime | null {
  if (disabled) return null;
  if (local === undefined) local = create(false);
  return local;
}

/**
 * The kernels on a shared memory, for work split across threads: `null` when `wasm()` is, and
 * `wasm()` itself where there is no `SharedArrayBuffer` (then no threads either).
 */
export function wasmShared(): WasmRuntime | null {
  const rt = wasm();
  if (rt === null) return null;
  if (typeof SharedArrayBuffer === 'undefined') return rt;
  if (sharedRuntime === undefined) sharedRuntime = create(true);
  return sharedRuntime ?? rt;
}

/** Why `wasm()` is null (or null when it is not). */
export function wasmFailure(): string | null {
  if (disabled) return 'switched off with setKernels("js")';
  return wasm() === null ? failure : null;
}

/** Switches the WebAssembly kernels off (`false`) or back on. */
export function setWasmEnabled(on: boolean): void {
  disabled = !on;
}

/** Scratch blocks are 64-byte aligned (a cache line). */
const ALIGN = 64;

/**
 * Scratch space of `bytes` bytes in `rt`'s memory, 64-byte aligned, valid until
 * `release(rt, m)` with a mark `m` taken before it. Grows the memory when needed (and
 * refreshes the runtime's views).
 */
export function scratch(rt: WasmRuntime, bytes: number): number {
  const at = (rt.top + ALIGN - 1) & ~(ALIGN - 1);
  const end = at + bytes;
  if (end > rt.memory.buffer.byteLength) {
    const pages = Math.ceil((end - rt.memory.buffer.byteLength) / 65536);
    rt.memory.grow(pages);
    refresh(rt);
  } else if (rt.f32.buffer.byteLength !== rt.memory.buffer.byteLength) {
    refresh(rt); // another thread grew the shared memory
  }
  rt.top = end;
  return at;
}

/** `rt`'s arena top, to pass to `release` when a call is done with its scratch. */
export function mark(rt: WasmRuntime): number {
  return rt.top;
}

/** Frees every scratch block of `rt` handed out since `m` was taken. */
export function release(rt: WasmRuntime, m: number): void {
  rt.top = m;
}
