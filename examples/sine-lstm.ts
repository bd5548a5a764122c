/**
 * @file Sequence regression: an LSTM reads 20 steps of a noisy sine wave and predicts the next value.
 *
 * What it teaches: `tg.nn.LSTM` with `batchFirst` (input `[N, L, features]`), taking the output
 * at the last time step (`narrow` along the time axis) into a `Linear` head, a model written as a
 * `tg.nn.Module` subclass with module fields, windows of a time series as a `TensorDataset`,
 * `F.mseLoss`, `Adam`, and gradient clipping (`tg.nn.utils.clipGradNorm_`), the usual guard
 * against exploding gradients in recurrent nets.
 *
 * Data: sine waves `sin(ω·t + φ)` with a random frequency ω ∈ [0.15, 0.45] radians per step and
 * a random phase φ, plus Gaussian noise of standard deviation 0.05 on every sample (inputs and
 * targets). A window is 20 consecutive noisy values; its target is the noisy value that follows.
 * Because the target is itself noisy, no model can get the mean squared error below the noise
 * variance, 0.05² = 0.0025. Target: test MSE < 0.01 (four times that floor), with seed 0.
 *
 *     npx tsx examples/sine-lstm.ts            # full run (25 epochs)
 *     npx tsx examples/sine-lstm.ts --steps 2  # quick smoke run
 */
import * as tg from '../src/index.js';
import { isMain, stepCount } from './_cli.js';

/** Time steps the LSTM sees per prediction. */
const windowSize = 20;
/** Standard deviation of the noise added to every sample. */
const noise = 0.05;
/** The test MSE a full run must reach. */
export const targetMse = 0.01;

/** `count` windows `[count, windowSize, 1]` of noisy sine waves and the noisy next value `[count, 1]` of each. */
function makeWindows(count: number, generator: tg.Generator): { x: tg.Tensor; y: tg.Tensor } {
  const omega = tg.rand([count, 1], { generator }).mul(0.3).add(0.15);
  const phase = tg.rand([count, 1], { generator }).mul(2 * Math.PI);
  const t = tg.arange(windowSize + 1).float().unsqueeze(0); // [1, windowSize + 1]
  const wave = omega.mul(t).add(phase).sin().add(tg.randn([count, windowSize + 1], { generator }).mul(noise));
  return {
    x: wave.narrow(1, 0, windowSize).unsqueeze(2),
    y: wave.narrow(1, windowSize, 1),
  };
}

/** LSTM(1 → 32) over the window, then a linear read-out of the last hidden state. */
class SineForecaster extends tg.nn.Module {
  lstm = new tg.nn.LSTM(1, 32, { batchFirst: true });
  head = new tg.nn.Linear(32, 1);

  override forward(x: tg.Tensor): tg.Tensor {
    const [output] = this.lstm.forward(x); // [N, L, 32]
    const last = output.narrow(1, windowSize - 1, 1).squeeze(1); // [N, 32]
    return this.head.forward(last);
  }
}

/** Trains for `steps` epochs (default 25); returns the final train and test MSE. */
export function main(options: { steps?: number } = {}): { trainMse: number; testMse: number } {
  const epochs = stepCount(25, options.steps);
  tg.manualSeed(0);
  const start = performance.now();

  const train = makeWindows(1024, new tg.Generator(1));
  const test = makeWindows(256, new tg.Generator(2));
  const loader = new tg.data.DataLoader(new tg.data.TensorDataset(train.x, train.y), { batchSize: 32, shuffle: true, generator: new tg.Generator(3) });

  const model = new SineForecaster();
  const optimizer = new tg.optim.Adam(model.parameters(), { lr: 0.01 });
  const mseOf = (x: tg.Tensor, y: tg.Tensor) => {
    model.eval();
    const mse = tg.noGrad(() => tg.F.mseLoss(model.forward(x), y).item());
    model.train();
    return mse;
  };
  // Predicting the last value seen is the baseline a useful model must beat.
  const naive = tg.F.mseLoss(test.x.narrow(1, windowSize - 1, 1).squeeze(2), test.y).item();
  console.log(`test MSE of "next = last value seen": ${naive.toFixed(4)}`);

  for (let epoch = 1; epoch <= epochs; epoch++) {
    let total = 0;
    for (const [xb, yb] of loader) {
      optimizer.zeroGrad();
      const loss = tg.F.mseLoss(model.forward(xb!), yb!);
      loss.backward();
      tg.nn.utils.clipGradNorm_(model.parameters(), 1.0);
      optimizer.step();
      total += loss.item() * xb!.shape[0]!;
    }
    if (epoch % 5 === 0 || epoch === epochs) {
      console.log(`epoch ${epoch}: train MSE ${(total / train.x.shape[0]!).toFixed(4)}, test MSE ${mseOf(test.x, test.y).toFixed(4)}`);
    }
  }

  const trainMse = mseOf(train.x, train.y);
  const testMse = mseOf(test.x, test.y);
  console.log(`noise floor (variance of the noise): ${(noise * noise).toFixed(4)}; target: test MSE < ${targetMse}`);
  console.log(`trained in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  console.log(`train MSE: ${trainMse.toFixed(4)}`);
  console.log(`test MSE: ${testMse.toFixed(4)}`);
  return { trainMse, testMse };
}

if (isMain(import.meta.url)) main();
