/**
 * @file Linear and polynomial regression, and five ways to train the polynomial: no penalty,
 * L2 (weight decay), L1, gradient clipping and an exponential moving average of the weights.
 *
 * What it teaches:
 *  - linear regression as one matrix product and `F.mseLoss`, recovering known coefficients;
 *  - overfitting: a degree-9 polynomial fitted to 30 noisy samples of a cubic;
 *  - L2 regularisation through the optimizer's `weightDecay` (applied to the weights only, via
 *    PyTorch-style param groups, so the intercept is not shrunk);
 *  - L1 regularisation added to the loss, `λ·Σ|wᵢ|`, which pushes unneeded coefficients to 0;
 *  - gradient clipping with `tg.nn.utils.clipGradNorm_` between `backward()` and `step()`;
 *  - evaluating with an exponential moving average of the weights
 *    (`tg.optim.ExponentialMovingAverage`), which smooths out minibatch-SGD noise.
 * For each variant it prints the learned coefficients and the train / test mean squared error
 * (the test set is the noise-free curve), so the effect of each technique can be read off.
 *
 *     npx tsx examples/regression-regularisation.ts            # full run (1,000 epochs each)
 *     npx tsx examples/regression-regularisation.ts --steps 2  # quick smoke run
 */
import * as tg from '../src/index.js';
import { isMain, stepCount } from './_cli.js';

const fmt = (values: readonly number[]) => values.map((v) => (v >= 0 ? ' ' : '') + v.toFixed(3)).join(' ');

/** Part 1: y = 2x - 1 + noise; returns the fitted slope and intercept. */
function linearRegression(epochs: number): { slope: number; intercept: number } {
  const x = tg.rand([100, 1]).mul(4).sub(2);                           // x in [-2, 2]
  const y = x.mul(2).sub(1).add(tg.randn([100, 1]).mul(0.3));          // noisy line
  const w = tg.zeros([1, 1], { requiresGrad: true });
  const b = tg.zeros([1], { requiresGrad: true });
  const optimizer = new tg.optim.SGD([w, b], { lr: 0.1 });
  for (let epoch = 0; epoch < epochs; epoch++) {
    optimizer.zeroGrad();
    tg.F.mseLoss(x.matmul(w).add(b), y).backward();
    optimizer.step();
  }
  const slope = w.item(), intercept = b.item();
  console.log(`linear regression: y = ${slope.toFixed(3)}·x ${intercept < 0 ? '-' : '+'} ${Math.abs(intercept).toFixed(3)} (true y = 2·x - 1)`);
  return { slope, intercept };
}

const degree = 9;
/** The coefficients (intercept, x, x², …, x⁹) of the cubic behind the polynomial data: 0.5 + x - 2x³. */
const trueCoefficients = [0.5, 1, 0, -2, 0, 0, 0, 0, 0, 0];

/** Columns x, x², …, x⁹ (the intercept is a separate bias). */
const powers = (x: tg.Tensor) => tg.cat(Array.from({ length: degree }, (_, k) => x.pow(k + 1)), 1);
const cubic = (x: tg.Tensor) => x.mul(1).sub(x.pow(3).mul(2)).add(0.5);

type Variant = 'no penalty' | 'L2 (weightDecay)' | 'L1 (in the loss)' | 'clipGradNorm_' | 'EMA of weights';

interface FitResult { variant: Variant; coefficients: number[]; trainMse: number; testMse: number }

/** Part 2: fits the degree-9 polynomial with one of the variants, by minibatch SGD with momentum. */
function fitPolynomial(variant: Variant, data: { xTrain: tg.Tensor; yTrain: tg.Tensor; xTest: tg.Tensor; yTest: tg.Tensor }, epochs: number): FitResult {
  tg.manualSeed(1); // the same initial weights and minibatch order for every variant
  const weight = new tg.nn.Parameter(tg.zeros([degree, 1]));
  const bias = new tg.nn.Parameter(tg.zeros([1]));
  const predict = (x: tg.Tensor) => powers(x).matmul(weight).add(bias);

  // L2 through the optimizer, on the weights only: two param groups, as in PyTorch.
  const weightDecay = variant === 'L2 (weightDecay)' ? 1e-2 : 0;
  const optimizer = new tg.optim.SGD([{ params: [weight], weightDecay }, { params: [bias], weightDecay: 0 }], { lr: 0.1, momentum: 0.9 });
  const ema = variant === 'EMA of weights' ? new tg.optim.ExponentialMovingAverage([weight, bias], { decay: 0.99 }) : null;
  const l1 = variant === 'L1 (in the loss)' ? 1e-2 : 0;

  const loader = new tg.data.DataLoader(new tg.data.TensorDataset(data.xTrain, data.yTrain), { batchSize: 5, shuffle: true });
  let clipped = 0, steps = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const [xb, yb] of loader) {
      optimizer.zeroGrad();
      let loss = tg.F.mseLoss(predict(xb!), yb!);
      if (l1 > 0) loss = loss.add(weight.abs().sum().mul(l1));
      loss.backward();
      if (variant === 'clipGradNorm_') {
        const norm = tg.nn.utils.clipGradNorm_([weight, bias], 0.5); // the norm before clipping
        if (norm.item() > 0.5) clipped++;
      }
      optimizer.step();
      ema?.update();
      steps++;
    }
  }
  if (variant === 'clipGradNorm_') console.log(`  (clipGradNorm_ scaled down ${clipped} of ${steps} gradients)`);

  const evaluate = (): FitResult => tg.noGrad(() => ({
    variant,
    coefficients: [bias.item(), ...(weight.flatten().toArray() as number[])],
    trainMse: tg.F.mseLoss(predict(data.xTrain), data.yTrain).item(),
    testMse: tg.F.mseLoss(predict(data.xTest), data.yTest).item(),
  }));
  // With EMA, evaluate with the averaged weights swapped in (and swapped back afterwards).
  return ema ? ema.averageParameters(evaluate) : evaluate();
}

/** Runs both parts; returns the polynomial fits. */
export function main(options: { steps?: number } = {}): { slope: number; intercept: number; fits: FitResult[] } {
  const epochs = stepCount(1000, options.steps);
  tg.manualSeed(0);
  const line = linearRegression(epochs);

  // 30 noisy training samples of the cubic, and the noise-free curve on a grid as test set.
  const xTrain = tg.rand([30, 1]).mul(2).sub(1);
  const yTrain = cubic(xTrain).add(tg.randn([30, 1]).mul(0.2));
  const xTest = tg.linspace(-1, 1, 201).unsqueeze(1);
  const yTest = cubic(xTest);
  const data = { xTrain, yTrain, xTest, yTest };

  console.log();
  console.log(`degree-${degree} polynomial on 30 noisy samples of y = 0.5 + x - 2x³ (noise σ = 0.2), minibatch SGD, ${epochs} epochs`);
  console.log(`${'true coefficients'.padEnd(18)} [${fmt(trueCoefficients)}]`);
  const variants: Variant[] = ['no penalty', 'L2 (weightDecay)', 'L1 (in the loss)', 'clipGradNorm_', 'EMA of weights'];
  const fits = variants.map((v) => {
    const fit = fitPolynomial(v, data, epochs);
    console.log(`${v.padEnd(18)} [${fmt(fit.coefficients)}]  train MSE ${fit.trainMse.toFixed(4)}, test MSE ${fit.testMse.toFixed(4)}`);
    return fit;
  });
  const best = fits.reduce((a, b) => (b.testMse < a.testMse ? b : a));
  console.log();
  console.log(`lowest test MSE: ${best.testMse.toFixed(4)} (${best.variant}); no penalty: ${fits[0]!.testMse.toFixed(4)}`);
  return { ...line, fits };
}

if (isMain(import.meta.url)) main();
