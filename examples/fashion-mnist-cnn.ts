/**
 * @file Fashion-MNIST with a small convolutional network: Conv2d-BatchNorm2d-ReLU-MaxPool2d
 * twice, then one Linear layer, trained on all 60,000 training images with `tg.train.fit`.
 *
 * What it teaches: building a CNN from `tg.nn` layers in a `tg.nn.Sequential`, feeding
 * `[N, 1, 28, 28]` images through a `tg.data.DataLoader`, training with `tg.train.fit`
 * (Adam, `F.crossEntropy`, the `'accuracy'` metric) and scoring the 10,000 test images with
 * `tg.train.evaluate` (eval mode: BatchNorm uses its running statistics); `fit` also
 * validates on them after every epoch (`valAccuracy` in its per-epoch line).
 *
 * The data comes from `tg.data.fashionMnist()`, which reads the IDX files that Debian's
 * `dataset-fashion-mnist` package installs in `/usr/share/datasets/fashion-mnist/`. When they
 * are absent it throws a `tg.io.IoError` saying how to install them.
 *
 *     npx tsx examples/fashion-mnist-cnn.ts            # full run (3 epochs)
 *     npx tsx examples/fashion-mnist-cnn.ts --steps 1  # one epoch
 *
 * `main({ steps, limit })` also takes `limit`, the number of training and test images to use
 * (all of them by default), which the smoke test sets small.
 */
import * as tg from '../src/index.js';
import { isMain, percent, stepCount } from './_cli.js';

/** 1×28×28 → 16×14×14 → 32×7×7 → 10 logits. */
export function makeModel(): tg.nn.Sequential {
  return new tg.nn.Sequential(
    new tg.nn.Conv2d(1, 16, 3, { padding: 1 }),
    new tg.nn.BatchNorm2d(16),
    new tg.nn.ReLU(),
    new tg.nn.MaxPool2d(2),
    new tg.nn.Conv2d(16, 32, 3, { padding: 1 }),
    new tg.nn.BatchNorm2d(32),
    new tg.nn.ReLU(),
    new tg.nn.MaxPool2d(2),
    new tg.nn.Flatten(),
    new tg.nn.Linear(32 * 7 * 7, 10),
  );
}

/** Trains for `steps` epochs (default 3, the learning rate halving each epoch) and returns the test accuracy. */
export async function main(options: { steps?: number; limit?: number } = {}): Promise<{ trainAccuracy: number; testAccuracy: number; seconds: number }> {
  const epochs = stepCount(3, options.steps);
  tg.manualSeed(0);

  // Throws tg.io.IoError ("apt-get install dataset-fashion-mnist") when the files are absent.
  const train = tg.data.fashionMnist({ train: true });
  const test = tg.data.fashionMnist({ train: false });
  const cut = (t: tg.Tensor) => (options.limit === undefined ? t : t.narrow(0, 0, Math.min(options.limit, t.shape[0]!)));
  // Fashion-MNIST's pixel mean and standard deviation (over the training set), as in torchvision tutorials.
  const normalize = (x: tg.Tensor) => x.sub(0.2860).div(0.3530);
  const trainSet = new tg.data.TensorDataset(normalize(cut(train.images)), cut(train.labels));
  const testSet = new tg.data.TensorDataset(normalize(cut(test.images)), cut(test.labels));
  console.log(`train images: ${trainSet.length}, test images: ${testSet.length}`);

  const model = makeModel();
  const trainLoader = new tg.data.DataLoader(trainSet, { batchSize: 64, shuffle: true, generator: new tg.Generator(1) });
  const testLoader = new tg.data.DataLoader(testSet, { batchSize: 500 });
  const optimizer = new tg.optim.Adam(model.parameters(), { lr: 0.002 });
  const scheduler = new tg.optim.lrScheduler.StepLR(optimizer, 1, { gamma: 0.5 });

  const start = performance.now();
  const history = await tg.train.fit(model, trainLoader, { optimizer, scheduler, loss: tg.F.crossEntropy, epochs, metrics: ['accuracy'], validation: testLoader });
  const seconds = (performance.now() - start) / 1000;
  const { accuracy: testAccuracy } = await tg.train.evaluate(model, testLoader, { metrics: ['accuracy'] });
  const trainAccuracy = history.history.accuracy?.at(-1) ?? NaN;
  console.log(`training time: ${seconds.toFixed(1)} s for ${epochs} epoch(s)`);
  console.log(`train accuracy (running, last epoch): ${percent(trainAccuracy)}`);
  console.log(`test accuracy: ${percent(testAccuracy!)}`);
  return { trainAccuracy, testAccuracy: testAccuracy!, seconds };
}

if (isMain(import.meta.url)) await main();
