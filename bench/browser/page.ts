/**
 * @file The page script of the browser check (bench/browser/run.ts): in a browser's main
 * thread, says which kernels loaded, checks results against the TypeScript kernels and
 * known values, times a few lines after a warm-up, and writes one JSON object into the page.
 */
import * as tg from '../../src/index.js';

interface Report {
  kernels: string;
  reason: string | null;
  threads: number;
  sharedArrayBuffer: boolean;
  checks: Record<string, boolean>;
  timings: Record<string, number>;
  error?: string;
}

const report: Report = { kernels: tg.getKernels(), reason: tg.kernelsUnavailableReason(), threads: tg.getNumThreads(),
  sharedArrayBuffer: typeof SharedArrayBuffer !== 'undefined', checks: {}, timings: {} };

/** Calls `f` for a second (so the engine tiers the code up), then returns its mean ms over `n` calls. */
function time(f: () => void, n: number): number {
  const w0 = performance.now();
  while (performance.now() - w0 < 1000) f();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f();
  return (performance.now() - t0) / n;
}

/** Largest |a − b| after computing `f` on the WebAssembly kernels and on the TypeScript ones. */
function kernelsAgree(f: () => tg.Tensor): number {
  const a = f();
  tg.setKernels('js');
  const b = f();
  tg.setKernels('wasm');
  return a.sub(b).abs().max().item();
}

try {
  tg.manualSeed(0);
  const a = tg.randn([256, 256]), b = tg.randn([256, 256]), x = tg.randn([1024, 1000]), v = tg.randn([1 << 20]);
  report.checks.matmul = kernelsAgree(() => a.matmul(b)) < 1e-3;
  report.checks.softmax = kernelsAgree(() => x.softmax(-1)) < 1e-6;
  report.checks.gelu = kernelsAgree(() => tg.F.gelu(v)) < 1e-6;
  const e = tg.tensor([0, 1, -1, 50]).exp().dataSync();
  report.checks.exp = [1, Math.E, 1 / Math.E, Math.exp(50)].every((want, i) => Math.abs(e[i]! - want) <= 1e-6 * want);
  report.timings['matmul 256 GFLOP/s'] = (2 * 256 ** 3) / 1e6 / time(() => a.matmul(b), 20);
  report.timings['exp 1M Melem/s'] = 1.048576 / time(() => v.exp(), 20) * 1000;
  report.timings['softmax [1024,1000] Melem/s'] = 1.024 / time(() => x.softmax(-1), 20) * 1000;
  const model = new tg.nn.Sequential(new tg.nn.Linear(784, 128), new tg.nn.ReLU(), new tg.nn.Linear(128, 10));
  const opt = new tg.optim.Adam(model.parameters(), { lr: 1e-3 });
  const xb = tg.randn([128, 784]), yb = tg.randint(0, 10, [128]);
  const step = (): number => {
    opt.zeroGrad();
    const loss = tg.F.crossEntropy(model.forward(xb), yb);
    loss.backward();
    opt.step();
    return loss.item();
  };
  const first = step();
  report.timings['MLP 784-128-10 b128 Adam steps/s'] = 1000 / time(step, 50);
  report.checks.training = step() < first / 10;
} catch (err) {
  report.error = (err as Error).stack ?? String(err);
}
document.body.textContent = `RESULT ${JSON.stringify(report)}`;
