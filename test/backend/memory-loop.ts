/**
 * @file A plain synchronous MLP training loop (784-128-10, batch 64, Adam) that prints its
 * resident memory every `every` steps as JSON lines: run by memory.test.ts in its own process.
 * Usage: `node --import tsx test/backend/memory-loop.ts [steps] [every]`.
 */
import * as tg from '../../src/index.js';

const steps = Number(process.argv[2] ?? 10000);
const every = Number(process.argv[3] ?? 500);
tg.manualSeed(0);
const model = new tg.nn.Sequential(new tg.nn.Linear(784, 128), new tg.nn.ReLU(), new tg.nn.Linear(128, 10));
const opt = new tg.optim.Adam(model.parameters(), { lr: 1e-3 });
const x = tg.randn([64, 784]);
const y = tg.randint(0, 10, [64], { dtype: 'int32' });
const started = performance.now();
for (let step = 1; step <= steps; step++) {
  opt.zeroGrad();
  const loss = tg.F.crossEntropy(model.forward(x), y);
  loss.backward();
  opt.step();
  if (step % every === 0) {
    const m = process.memoryUsage();
    console.log(JSON.stringify({ step, rssMB: m.rss / 2 ** 20, heapMB: m.heapUsed / 2 ** 20, externalMB: m.external / 2 ** 20, loss: loss.item(), seconds: (performance.now() - started) / 1000 }));
  }
}
