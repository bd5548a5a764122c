/**
 * @file Which CPU kernels run, and on how many threads: the public switches over the
 * WebAssembly SIMD kernels and their worker threads.
 */
import { setWasmEnabled, wasm, wasmFailure } from './wasm/runtime.js';
import { numThreads, setNumThreads as setThreads } from './wasm/threads.js';

/** The CPU kernel families: WebAssembly SIMD, or plain TypeScript loops. */
export type KernelKind = 'wasm' | 'js';

/**
 * Chooses the CPU kernels: `'wasm'` (the default where WebAssembly SIMD is available) runs
 * float32 matrix products, convolutions, exp/log/tanh/sigmoid/erf, softmax, reductions and
 * optimizer updates in WebAssembly SIMD; `'js'` runs everything in plain TypeScript loops.
 * Results agree within float32 rounding. Setting the environment variable
 * `TENSORGRAD_KERNELS=js` before start-up has the same effect as `setKernels('js')`.
 *
 * @example
 * ```ts
 * tg.setKernels('js');
 * tg.getKernels(); // 'js'
 * tg.setKernels('wasm');
 * ```
 */
export function setKernels(kind: KernelKind): void {
  if (kind !== 'wasm' && kind !== 'js') throw new TypeError(`setKernels: expected 'wasm' or 'js', got ${String(kind)}`);
  setWasmEnabled(kind === 'wasm');
}

/**
 * The CPU kernels in use: `'wasm'`, or `'js'` when switched off or when this engine lacks
 * WebAssembly SIMD (see {@link kernelsUnavailableReason}).
 *
 * @example
 * ```ts
 * ['wasm', 'js'].includes(tg.getKernels()); // true
 * ```
 */
export function getKernels(): KernelKind {
  return wasm() === null ? 'js' : 'wasm';
}

/**
 * Why the WebAssembly kernels are not in use, or `null` when they are.
 *
 * @example
 * ```ts
 * tg.kernelsUnavailableReason(); // null on Node 20
 * ```
 */
export function kernelsUnavailableReason(): string | null {
  return wasmFailure();
}

/**
 * Sets how many threads large matrix products and convolutions may use (PyTorch's
 * `torch.set_num_threads`), the calling thread included; `1` keeps everything on it. The
 * default is the number of cores, at most 4, in Node; browsers use one thread.
 *
 * @example
 * ```ts
 * tg.setNumThreads(1);
 * tg.getNumThreads(); // 1
 * ```
 */
export function setNumThreads(n: number): void {
  setThreads(n);
}

/**
 * How many threads large kernels may use, the calling thread included.
 *
 * @example
 * ```ts
 * tg.getNumThreads() >= 1; // true
 * ```
 */
export function getNumThreads(): number {
  return numThreads();
}
