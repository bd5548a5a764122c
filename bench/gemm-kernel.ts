/**
 * @file Single-thread GFLOP/s of the float32 matrix product on the shapes training runs: the
 * WebAssembly `sgemm` kernel on operands already in linear memory ("kernel"), the same through
 * the CPU backend's `wasmBatchedMatmul` including staging and copying out ("staged"), and the JS kernel
 * `matmulKernel` (src/backend/cpu/matmul.ts). Medians of several timed batches, the three
 * taking turns, after a warm-up long enough for V8 to tier the kernels up.
 *
 * Run: `npm run build:wasm && npx tsx bench/gemm-kernel.ts [filter]`.
 */
import { matmulKernel } from '../src/backend/cpu/matmul.js';
import { cpuBackend } from '../src/backend/cpu/cpu-backend.js';
import { wasmBatchedMatmul } from '../src/backend/wasm/batched-matmul.js';
import { mark, release, scratch, wasm } from '../src/backend/wasm/runtime.js';

interface Shape {
  name: string;
  M: number;
  N: number;
  K: number;
  /** A stored transposed (`K×M` row-major, a view `x.t()`), B stored transposed (`N×K`). */
  tA: boolean;
  tB: boolean;
}

const shapes: Shape[] = [
  { name: '512×512 · 512×512', M: 512, N: 512, K: 512, tA: false, tB: false },
  { name: 'mlp fwd 128×784 · 784×128', M: 128, N: 128, K: 784, tA: false, tB: false },
  { name: 'mlp fwd x·Wᵀ (transB)', M: 128, N: 128, K: 784, tA: false, tB: true },
  { name: 'mlp dW xᵀ·gy (transA) 784×128·128×128', M: 784, N: 128, K: 128, tA: true, tB: false },
  { name: 'mlp dX gy·W 128×128 · 128×784', M: 128, N: 784, K: 128, tA: false, tB: false },
  { name: 'mlp dW gyᵀ·x (transA) 128×128·128×784', M: 128, N: 784, K: 128, tA: true, tB: false },
  { name: '256×784 · 784×512', M: 256, N: 512, K: 784, tA: false, tB: false },
  { name: '256×784 · (512×784)ᵀ (transB)', M: 256, N: 512, K: 784, tA: false, tB: true },
  { name: '256×512 · 512×512', M: 256, N: 512, K: 512, tA: false, tB: false },
  { name: 'conv 64×288 · 288×7744', M: 64, N: 7744, K: 288, tA: false, tB: false },
  { name: 'conv dW 64×7744 · (288×7744)ᵀ (transB)', M: 64, N: 288, K: 7744, tA: false, tB: true },
  { name: 'conv dX (64×288)ᵀ · 64×7744 (transA)', M: 288, N: 7744, K: 64, tA: true, tB: false },
];

const rt = wasm();
if (rt === null) throw new Error('WebAssembly kernels unavailable');
const filter = process.argv[2];

function fill(n: number): Float32Array {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = ((i * 7919) % 2003) / 1001.5 - 1;
  return a;
}

/**
 * Seconds per call of each of `fns`: after ~300 ms of warm-up each, `SAMPLES` batches of
 * ~25 ms, the functions taking turns so that load from other processes hits them alike.
 * Returns the median batch of each by wall-clock time and by this process's CPU time (which
 * leaves out the time other processes held the core, so it is steadier on a shared machine;
 * the two agree on a quiet one).
 */
const SAMPLES = 15;
function time(fns: (() => void)[]): Timing[] {
  const batch = fns.map((fn) => {
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < 300 || n < 3) { fn(); n++; }
    return Math.max(1, Math.round(25 / ((performance.now() - t0) / n)));
  });
  const wall = fns.map((): number[] => []), cpu = fns.map((): number[] => []);
  for (let s = 0; s < SAMPLES; s++) {
    fns.forEach((fn, f) => {
      const t0 = performance.now(), c0 = process.cpuUsage();
      for (let r = 0; r < batch[f]!; r++) fn();
      const c = process.cpuUsage(c0);
      wall[f]!.push((performance.now() - t0) / batch[f]! / 1e3);
      cpu[f]!.push((c.user + c.system) / batch[f]! / 1e6);
    });
  }
  const median = (t: number[]): number => t.sort((x, y) => x - y)[t.length >> 1]!;
  return fns.map((_, f) => ({ wall: median(wall[f]!), cpu: median(cpu[f]!) }));
}

interface Timing {
  /** Median wall-clock seconds per call. */
  wall: number;
  /** Median CPU seconds per call. */
  cpu: number;
}

const rows: string[][] = [['shape', 'M', 'N', 'K', 'kernel', 'staged', 'JS matmulKernel', 'speed-up']];
for (const s of shapes) {
  if (filter && !s.name.includes(filter)) continue;
  const { M, N, K, tA, tB } = s;
  const a = fill(M * K), b = fill(K * N), out = new Float32Array(M * N);
  // Strides of the logical A (M×K) and B (K×N) views over their storages.
  const [aRs, aCs] = tA ? [1, M] : [K, 1];
  const [bRs, bCs] = tB ? [1, K] : [N, 1];
  const flops = 2 * M * N * K;

  const aView = { storage: cpuBackend.fromArray(a), shape: [M, K], strides: [aRs, aCs], offset: 0 };
  const bView = { storage: cpuBackend.fromArray(b), shape: [K, N], strides: [bRs, bCs], offset: 0 };
  const m = mark(rt);
  const pa = scratch(rt, a.length * 4), pb = scratch(rt, b.length * 4), pc = scratch(rt, out.length * 4);
  const work = scratch(rt, rt.exports.sgemm_work_bytes(M, N, K));
  rt.f32.set(a, pa >> 2);
  rt.f32.set(b, pb >> 2);
  const [kernel, staged, js] = time([
    () => rt.exports.sgemm(tA ? 1 : 0, tB ? 1 : 0, M, N, K, pa, tA ? M : K, pb, tB ? K : N, pc, N, 0, work),
    () => wasmBatchedMatmul(rt, aView, bView),
    () => matmulKernel(a, 0, aRs, aCs, b, 0, bRs, bCs, out, 0, M, N, K),
  ]) as [Timing, Timing, Timing];
  release(rt, m);
  const g = (t: Timing): string => `${(flops / t.cpu / 1e9).toFixed(1)} (${(flops / t.wall / 1e9).toFixed(1)})`;
  rows.push([s.name, String(M), String(N), String(K), g(kernel), g(staged), g(js), `${(js.cpu / staged.cpu).toFixed(1)}×`]);
}

const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
console.log('GFLOP/s, single thread, median of interleaved batches by CPU time (by wall-clock time);\nfloat32 (the JS kernel accumulates in float64); speed-up = JS / staged CPU time\n');
for (const [i, r] of rows.entries()) {
  console.log(r.map((v, c) => (c === 0 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
