/**
 * @file Bad input to `nn.functional` throws a tensorgrad error whose message names the function,
 * the shapes or dtypes involved and what would be valid.
 */
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as F from '../../src/functional/index.js';
import type { Reduction } from '../../src/functional/index.js';

const idx = (v: number[]): tg.Tensor => tg.tensor(v, { dtype: 'int32' });
const x23 = tg.zeros([2, 3]);

describe('nn.functional errors', () => {
  it.each([
    ['crossEntropy float target of another shape', () => F.crossEntropy(x23, tg.zeros([2])), tg.ShapeError, /crossEntropy: a probability target must have the input's shape \[2, ?3\], got \[2\]/],
    ['crossEntropy bool target', () => F.crossEntropy(x23, tg.tensor([true, false])), tg.DTypeError, /crossEntropy: target must be an int32 tensor of class indices, got dtype bool/],
    ['crossEntropy target shape', () => F.crossEntropy(x23, idx([0, 1, 2])), tg.ShapeError, /crossEntropy: expected target of shape \[2\] for input \[2, ?3\].*got \[3\]/],
    ['crossEntropy target out of range', () => F.crossEntropy(x23, idx([0, 3])), tg.IndexError, /crossEntropy: target 3 is out of bounds for 3 classes/],
    ['crossEntropy weight shape', () => F.crossEntropy(x23, idx([0, 1]), { weight: tg.ones([2]) }), tg.ShapeError, /crossEntropy: weight must have shape \[3\]/],
    ['crossEntropy labelSmoothing', () => F.crossEntropy(x23, idx([0, 1]), { labelSmoothing: 1.5 }), tg.TensorError, /crossEntropy: labelSmoothing must be between 0 and 1/],
    ['crossEntropy ignoreIndex with probabilities', () => F.crossEntropy(x23, x23, { ignoreIndex: 1 }), tg.TensorError, /crossEntropy: ignoreIndex is not supported for probability/],
    ['crossEntropy int input', () => F.crossEntropy(idx([1, 2]), idx(0 as never)), tg.DTypeError, /crossEntropy: input must be a float32 or float64 tensor, got dtype int32/],
    ['nllLoss float target', () => F.nllLoss(x23, tg.zeros([2])), tg.DTypeError, /nllLoss: target must be an int32 tensor of class indices, got dtype float32 \(shape \[2\]\)/],
    ['nllLoss N-d target shape', () => F.nllLoss(tg.zeros([2, 3, 4]), idx([0, 1])), tg.ShapeError, /nllLoss: expected target of shape \[2, ?4\] for input \[2, ?3, ?4\]/],
    ['nllLoss reduction', () => F.nllLoss(x23, idx([0, 1]), { reduction: 'avg' as Reduction }), tg.TensorError, /nllLoss: reduction must be 'mean', 'sum', 'none'; got 'avg'/],
    ['mseLoss not broadcastable', () => F.mseLoss(x23, tg.zeros([4])), tg.ShapeError, /mseLoss: input \[2, ?3\] and target \[4\] are not broadcastable/],
    ['l1Loss int target', () => F.l1Loss(x23, idx([1, 2, 3])), tg.DTypeError, /l1Loss: target must be a float32 or float64 tensor, got dtype int32/],
    ['smoothL1Loss beta', () => F.smoothL1Loss(x23, x23, { beta: -1 }), tg.TensorError, /smoothL1Loss: beta must be non-negative/],
    ['huberLoss delta', () => F.huberLoss(x23, x23, { delta: 0 }), tg.TensorError, /huberLoss: delta must be positive/],
    ['binaryCrossEntropy shape', () => F.binaryCrossEntropy(tg.zeros([3, 1]), tg.zeros([3])), tg.ShapeError, /binaryCrossEntropy: target \[3\] must have the same shape as input \[3, ?1\]/],
    ['binaryCrossEntropy range', () => F.binaryCrossEntropy(tg.tensor([1.5]), tg.tensor([1])), tg.TensorError, /binaryCrossEntropy: all elements of input must be between 0 and 1, got 1.5/],
    ['binaryCrossEntropyWithLogits shape', () => F.binaryCrossEntropyWithLogits(x23, tg.zeros([3, 2])), tg.ShapeError, /binaryCrossEntropyWithLogits: target \[3, ?2\] must have the same shape as input \[2, ?3\]/],
    ['klDiv reduction', () => F.klDiv(x23, x23, { reduction: 'batch' as Reduction }), tg.TensorError, /klDiv: reduction must be 'mean', 'batchmean', 'sum', 'none'/],
    ['linear in features', () => F.linear(x23, tg.zeros([4, 5])), tg.ShapeError, /linear: input \[2, ?3\] must end in inFeatures = 5 \(weight \[4, ?5\]\)/],
    ['linear bias', () => F.linear(x23, tg.zeros([4, 3]), tg.zeros([3])), tg.ShapeError, /linear: bias must have shape \[4\]/],
    ['bilinear inputs', () => F.bilinear(x23, tg.zeros([3, 2]), tg.zeros([4, 3, 2])), tg.ShapeError, /bilinear: inputs \[2, ?3\] and \[3, ?2\] must share their leading dims/],
    ['embedding float indices', () => F.embedding(tg.zeros([2]), tg.zeros([4, 2])), tg.DTypeError, /embedding: indices must be an int32 tensor, got dtype float32/],
    ['embedding index range', () => F.embedding(idx([4]), tg.zeros([4, 2])), tg.IndexError, /embedding: index 4 is out of range for weight \[4, ?2\] \(valid: 0 to 3\)/],
    ['embedding paddingIdx', () => F.embedding(idx([0]), tg.zeros([4, 2]), { paddingIdx: 4 }), tg.IndexError, /embedding: paddingIdx must be within the 4 rows/],
    ['layerNorm shape', () => F.layerNorm(x23, [2]), tg.ShapeError, /layerNorm: normalizedShape \[2\] must be non-empty and match the last dims of input \[2, ?3\]/],
    ['layerNorm weight', () => F.layerNorm(x23, [3], { weight: tg.ones([2]) }), tg.ShapeError, /layerNorm: weight must have shape normalizedShape \[3\], got \[2\]/],
    ['batchNorm one value per channel', () => F.batchNorm(tg.zeros([1, 3]), null, null, { training: true }), tg.TensorError, /batchNorm: expected more than 1 value per channel when training, got input of shape \[1, ?3\]/],
    ['batchNorm running stats shape', () => F.batchNorm(x23, tg.zeros([2]), tg.ones([3])), tg.ShapeError, /batchNorm: runningMean must have shape \[3\]/],
    ['batchNorm eval without stats', () => F.batchNorm(x23, null, null), tg.TensorError, /batchNorm: runningMean and runningVar must be given in evaluation mode/],
    ['cosineSimilarity shapes', () => F.cosineSimilarity(x23, tg.zeros([4])), tg.ShapeError, /cosineSimilarity: inputs \[2, ?3\] and \[4\] are not broadcastable/],
    ['dropout p', () => F.dropout(x23, { p: 1.2 }), tg.TensorError, /dropout: probability p must be between 0 and 1, got 1.2/],
  ] as const)('%s', (_name, fn, cls, message) => {
    expect(fn).toThrow(cls);
    expect(fn).toThrow(message);
  });

  it('a failed loss leaves its inputs untouched (batchNorm validates before updating running stats)', () => {
    const rm = tg.zeros([3]);
    expect(() => F.batchNorm(tg.zeros([2, 3]), rm, tg.ones([2]), { training: true })).toThrow(tg.ShapeError);
    expect(rm.version).toBe(0);
  });
});
