/**
 * @file `tg.nn`: the module system (`Module`, `Parameter`, containers), `init` and `utils`.
 * Layers, activations and loss modules are exported below the marked line as they land.
 */
export { Parameter } from './parameter.js';
export { Module, type ZeroGradOptions, type StateDictOptions, type LoadStateDictOptions } from './module.js';
export type { NamedOptions, BufferOptions } from './module-base.js';
export { LoadStateDictError, type LoadStateDictResult, type StateDictLike } from './state-dict.js';
export { Sequential, ModuleList } from './containers.js';
export { ModuleDict } from './module-dict.js';
export { Identity, Flatten, type FlattenOptions } from './basic.js';
export * as init from './init.js';
export * as utils from './utils.js';
export * as functional from '../functional/index.js';

// ---- Layers (Linear, Conv*, pooling, normalization, dropout, embedding, RNNs), activation
// ---- and loss modules: export them here, one line per file, e.g.
// ---- export { Linear, type LinearOptions } from './linear.js';
export { RNNCell, LSTMCell, GRUCell, type RNNCellOptions, type CellOptions } from './rnn-cells.js';
export { RNN, LSTM, GRU, type RNNBaseOptions, type RNNOptions, type LSTMOptions, type GRUOptions } from './rnn.js';
export { Linear, Bilinear, type LinearOptions, type BilinearOptions } from './linear.js';
export { Conv1d, Conv2d, ConvTranspose2d, type Conv1dOptions, type Conv2dOptions, type ConvTranspose2dOptions } from './conv.js';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, type MaxPool2dOptions, type AvgPool2dOptions, type AdaptiveSize } from './pooling.js';
export { Dropout, type DropoutOptions } from './dropout.js';
export { BatchNorm1d, BatchNorm2d, LayerNorm, type BatchNormOptions, type LayerNormOptions } from './normalization.js';
export { Embedding, type EmbeddingOptions, type FromPretrainedOptions } from './embedding.js';
export { ReLU, LeakyReLU, ELU, GELU, SiLU, Sigmoid, Tanh, Softplus, Softmax, LogSoftmax, type GELUOptions, type SoftplusOptions } from './activation.js';
export { MSELoss, L1Loss, SmoothL1Loss, HuberLoss, CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss, KLDivLoss } from './loss.js';
