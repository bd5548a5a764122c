/**
 * @file A profiling target: training steps of the benchmark's models, nothing else.
 * `node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-train.ts <mlp|mlp-big|cnn> [steps]`,
 * then `npx tsx bench/profile-summary.ts /tmp/prof/<file>.cpuprofile`.
 */
import * as tg from '../src/index.js';

const which = process.argv[2] ?? 'mlp';
const steps = Number(process.argv[3] ?? 200);
tg.manualSeed(0);
const { nn } = tg;
const setups = {
  mlp: () => ({ model: new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10)), x: tg.randn([128, 784]), batch: 128, adam: true }),
  'mlp-big': () => ({ model: new nn.Sequential(new nn.Linear(784, 512), new nn.ReLU(), new nn.Linear(512, 512), new nn.ReLU(), new nn.Linear(512, 10)), x: tg.randn([256, 784]), batch: 256, adam: true }),
  cnn: () => ({
    model: new nn.Sequential(new nn.Conv2d(1, 32, 3), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Conv2d(32, 64, 3), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(1600, 10)),
    x: tg.randn([64, 1, 28, 28]), batch: 64, adam: false,
  }),
};
const setup = setups[which as keyof typeof setups];
if (setup === undefined) throw new Error(`profile-train: expected one of ${Object.keys(setups).join(', ')}, got ${which}`);
const { model, x, batch, adam } = setup();
const y = tg.randint(0, 10, [batch], { dtype: 'int32' });
const opt = adam ? new tg.optim.Adam(model.parameters(), { lr: 1e-3 }) : new tg.optim.SGD(model.parameters(), { lr: 0.01 });
const step = (): number => {
  opt.zeroGrad();
  const loss = tg.F.crossEntropy(model.forward(x), y);
  loss.backward();
  opt.step();
  return loss.item();
};
for (let i = 0; i < Math.min(20, steps); i++) step();
const t0 = performance.now();
for (let i = 0; i < steps; i++) step();
const s = (performance.now() - t0) / 1000;
process.stderr.write(`${which}: ${(steps / s).toFixed(1)} steps/s (${((s / steps) * 1e3).toFixed(3)} ms/step, ${tg.getNumThreads()} threads)\n`);
