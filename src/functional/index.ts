/**
 * @file `tg.nn.functional` (also `tg.F`): layers' math, activations and losses as plain
 * functions composed from tensor primitives (none has a backward of its own).
 */
export { relu, leakyRelu, elu, gelu, silu, softplus, sigmoid, tanh, softmax, logSoftmax, type GeluOptions, type SoftplusOptions } from './activations.js';
export { linear, bilinear } from './linear.js';
export { dropout, type DropoutOptions } from './dropout.js';
export { embedding, type EmbeddingOptions } from './embedding.js';
export { layerNorm, batchNorm, type LayerNormOptions, type BatchNormOptions } from './normalization.js';
export { cosineSimilarity, type CosineSimilarityOptions } from './distance.js';
export {
  mseLoss, l1Loss, smoothL1Loss, huberLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits, klDiv,
  type Reduction, type LossOptions, type SmoothL1LossOptions, type HuberLossOptions, type BinaryCrossEntropyOptions,
  type BinaryCrossEntropyWithLogitsOptions, type KlDivOptions,
} from './losses.js';
export { nllLoss, crossEntropy, type NllLossOptions, type CrossEntropyOptions } from './losses-classification.js';

export {
  conv1d, conv2d, convTranspose2d, type Conv1dOptions, type Conv2dOptions, type ConvTranspose2dOptions, type ConvPadding,
} from './conv.js';
export { maxPool2d, avgPool2d, adaptiveAvgPool2d, type MaxPool2dOptions, type AvgPool2dOptions } from './pooling.js';
export { unfold, fold, type UnfoldOptions, type Pair } from '../ops/unfold.js';
export { pad } from '../tensor/functions-shape.js';
export { rnnTanhCell, rnnReluCell, lstmCell, gruCell, type RnnMode } from './rnn.js';
