/**
 * @file Test helpers shared by the kernel tests: a seeded uniform generator and the
 * WebAssembly runtime (failing loudly where it is unavailable).
 */
import { wasm, type WasmRuntime } from '../../src/backend/wasm/runtime.js';

/** Deterministic generator (mulberry32) of numbers in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The WebAssembly kernels; throws when this engine cannot load them. */
export function runtime(): WasmRuntime {
  const rt = wasm();
  if (rt === null) throw new Error('WebAssembly kernels unavailable');
  return rt;
}
