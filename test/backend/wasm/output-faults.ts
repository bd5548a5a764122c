/**
 * @file Child process of output.test.ts: with the WebAssembly kernels and two threads, runs
 * `exp` of 1M floats and `softmax` of [1024, 1000] repeatedly (each result a fresh 4 MB array,
 * dropped at once, as a benchmark or a training loop does) and prints, as JSON, the minor page
 * faults per call after a warm-up: few when freed results are recycled by the C allocator,
 * about 1024 (every page of a 4 MB result) when the memory goes back to the system each time.
 */
import * as tg from '../../../src/index.js';

tg.setKernels('wasm');
tg.setNumThreads(2);
tg.manualSeed(0);
const x = tg.randn([1 << 20]);
const a = tg.randn([1024, 1000]);
let sink = 0;
/** Minor page faults per call of `op` over `calls` calls, after a warm-up of 50. */
function faultsPerCall(op: () => tg.Tensor, calls: number): number {
  for (let i = 0; i < 50; i++) sink += op().reshape([-1]).narrow(0, 7, 1).item();
  const before = process.resourceUsage().minorPageFault;
  for (let i = 0; i < calls; i++) sink += op().reshape([-1]).narrow(0, 7, 1).item();
  return (process.resourceUsage().minorPageFault - before) / calls;
}
const exp = faultsPerCall(() => x.exp(), 300);
const softmax = faultsPerCall(() => a.softmax(-1), 300);
console.log(JSON.stringify({ faultsPerCall: Math.max(exp, softmax), sink: Number.isFinite(sink) }));
