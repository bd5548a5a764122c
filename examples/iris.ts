/**
 * @file Three-class iris classification: a small MLP trained with cross-entropy and Adam.
 *
 * What it teaches: standardizing features with statistics of the training set only, a model
 * written as a `tg.nn.Module` subclass with `Parameter` fields (He-initialised with
 * `tg.nn.init.kaimingUniform_`), multi-class classification with `F.crossEntropy` (which takes
 * raw logits and integer class labels, like PyTorch's), minibatches from a shuffled
 * `tg.data.DataLoader`, `tg.optim.Adam`, and `model.eval()` + `tg.noGrad` for evaluation.
 *
 *     npx tsx examples/iris.ts            # full run (100 epochs)
 *     npx tsx examples/iris.ts --steps 2  # quick smoke run
 */
import * as tg from '../src/index.js';
import { isMain, percent, stepCount } from './_cli.js';

/**
 * 4 features → 8 hidden units (ReLU) → 3 class logits. Weights use PyTorch's `[out, in]`
 * layout, so `F.linear(x, w, b)` computes `x · wᵀ + b` exactly as `nn.Linear` would.
 */
class IrisNet extends tg.nn.Module {
  w1 = new tg.nn.Parameter(tg.nn.init.kaimingUniform_(tg.empty([8, 4]), { nonlinearity: 'relu' }));
  b1 = new tg.nn.Parameter(tg.zeros([8]));
  w2 = new tg.nn.Parameter(tg.nn.init.kaimingUniform_(tg.empty([3, 8]), { nonlinearity: 'relu' }));
  b2 = new tg.nn.Parameter(tg.zeros([3]));

  override forward(x: tg.Tensor): tg.Tensor {
    const hidden = tg.F.linear(x, this.w1, this.b1).relu();
    return tg.F.linear(hidden, this.w2, this.b2);
  }
}

/** Trains on 105 flowers (70%), tests on 45; returns the accuracies. */
export function main(options: { steps?: number } = {}): { trainAccuracy: number; testAccuracy: number } {
  const epochs = stepCount(100, options.steps);
  tg.manualSeed(0);

  const { features, labels, classNames } = tg.data.iris();
  const [trainSet, testSet] = tg.data.randomSplit(new tg.data.TensorDataset(features, labels), [105, 45], { generator: new tg.Generator(1) });
  const take = (t: tg.Tensor, subset: tg.data.Subset<tg.Tensor[]>) => t.indexSelect(0, tg.tensor([...subset.indices], { dtype: 'int32' }));
  let xTrain = take(features, trainSet!), xTest = take(features, testSet!);
  const yTrain = take(labels, trainSet!), yTest = take(labels, testSet!);

  // Standardize each feature to mean 0, std 1 using the training set's statistics (the test
  // set must not leak into preprocessing).
  const mean = xTrain.mean(0), std = xTrain.std(0);
  xTrain = xTrain.sub(mean).div(std);
  xTest = xTest.sub(mean).div(std);

  const model = new IrisNet();
  const optimizer = new tg.optim.Adam(model.parameters(), { lr: 0.01 });
  const loader = new tg.data.DataLoader(new tg.data.TensorDataset(xTrain, yTrain), { batchSize: 16, shuffle: true, generator: new tg.Generator(2) });

  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.train();
    let total = 0;
    for (const [xb, yb] of loader) {
      optimizer.zeroGrad();
      const loss = tg.F.crossEntropy(model.forward(xb!), yb!);
      loss.backward();
      optimizer.step();
      total += loss.item() * xb!.shape[0]!;
    }
    if (epoch % 20 === 0) console.log(`epoch ${epoch}: train loss ${(total / xTrain.shape[0]!).toFixed(4)}`);
  }

  model.eval();
  const accuracy = (x: tg.Tensor, y: tg.Tensor) => tg.noGrad(() => model.forward(x).argmax(1).eq(y).float().mean().item());
  const trainAccuracy = accuracy(xTrain, yTrain);
  const testAccuracy = accuracy(xTest, yTest);
  // Name the test flowers the model gets wrong, if any.
  const predicted = tg.noGrad(() => model.forward(xTest).argmax(1)).toArray() as number[];
  const truth = yTest.toArray() as number[];
  const mistakes = predicted.flatMap((p, i) => (p === truth[i] ? [] : [`a ${classNames[truth[i]!]} taken for ${classNames[p]}`]));
  console.log(`test mistakes: ${mistakes.length === 0 ? 'none' : mistakes.join('; ')}`);
  console.log(`train accuracy: ${percent(trainAccuracy)}`);
  console.log(`test accuracy: ${percent(testAccuracy)}`);
  return { trainAccuracy, testAccuracy };
}

if (isMain(import.meta.url)) main();
