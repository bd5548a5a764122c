/**
 * @file Setosa or versicolor? Logistic regression (one sigmoid neuron) on two iris species.
 *
 * What it teaches: loading a ready-made data set (`tg.data.iris()`), selecting rows, making a
 * reproducible train/test split with a seeded `tg.Generator` and `tg.data.randomSplit`, and
 * training one neuron with the binary cross-entropy loss. The model outputs a logit and the
 * loss is `F.binaryCrossEntropyWithLogits`, which applies the sigmoid inside in a numerically
 * stable way (PyTorch's `BCEWithLogitsLoss`); `sigmoid(logit) > 0.5` is the prediction.
 *
 *     npx tsx examples/iris-binary.ts            # full run (300 epochs)
 *     npx tsx examples/iris-binary.ts --steps 5  # quick smoke run
 */
import * as tg from '../src/index.js';
import { isMain, percent, stepCount } from './_cli.js';

/** Trains on 70 flowers, tests on 30; returns the test accuracy. */
export function main(options: { steps?: number } = {}): { trainAccuracy: number; testAccuracy: number } {
  const epochs = stepCount(300, options.steps);
  tg.manualSeed(0);

  // The data set lists 50 setosa (label 0), then 50 versicolor (1), then 50 virginica (2):
  // the first 100 rows are the two species we want.
  const iris = tg.data.iris();
  const x = iris.features.narrow(0, 0, 100);              // [100, 4] sepal/petal length/width
  const y = iris.labels.narrow(0, 0, 100).float();        // [100] 0 = setosa, 1 = versicolor

  // A reproducible 70/30 split: the generator fixes the random permutation.
  const dataset = new tg.data.TensorDataset(x, y);
  const [trainSet, testSet] = tg.data.randomSplit(dataset, [70, 30], { generator: new tg.Generator(42) });
  const rows = (subset: tg.data.Subset<tg.Tensor[]>) => tg.tensor([...subset.indices], { dtype: 'int32' });
  const xTrain = x.indexSelect(0, rows(trainSet!)), yTrain = y.indexSelect(0, rows(trainSet!));
  const xTest = x.indexSelect(0, rows(testSet!)), yTest = y.indexSelect(0, rows(testSet!));

  // One neuron: logit = x · w + b.
  const weight = new tg.nn.Parameter(tg.zeros([4]));
  const bias = new tg.nn.Parameter(tg.zeros([]));
  const logits = (inputs: tg.Tensor) => inputs.matmul(weight).add(bias); // [N]
  const optimizer = new tg.optim.SGD([weight, bias], { lr: 0.1 });

  for (let epoch = 1; epoch <= epochs; epoch++) {
    optimizer.zeroGrad();
    const loss = tg.F.binaryCrossEntropyWithLogits(logits(xTrain), yTrain);
    loss.backward();
    optimizer.step();
    if (epoch % 100 === 0) console.log(`epoch ${epoch}: loss ${loss.item().toFixed(5)}`);
  }

  const accuracy = (inputs: tg.Tensor, labels: tg.Tensor) =>
    tg.noGrad(() => logits(inputs).sigmoid().gt(0.5).float().eq(labels).float().mean().item());
  const trainAccuracy = accuracy(xTrain, yTrain);
  const testAccuracy = accuracy(xTest, yTest);
  const w = weight.toArray() as number[];
  console.log(`learned weights: [${w.map((v) => v.toFixed(3)).join(', ')}], bias ${bias.item().toFixed(3)}`);
  console.log(`train accuracy: ${percent(trainAccuracy)}`);
  console.log(`test accuracy: ${percent(testAccuracy)}`);
  return { trainAccuracy, testAccuracy };
}

if (isMain(import.meta.url)) main();
