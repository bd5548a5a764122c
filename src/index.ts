/**
 * @file The public namespace: `import * as tg from 'tensorgrad'`.
 */
export { Tensor } from './tensor/tensor.js';
export type { NestedArray, BackwardOptions, Device } from './tensor/tensor-base.js';
export type { PadOptions } from './tensor/tensor-shape.js';
export type { AlphaOptions } from './tensor/tensor-math.js';
export type { TensorLike } from './ops/record.js';
export type { Dims } from './ops/reduce.js';
export type { ValuesIndices, VarOptions } from './ops/stats.js';
export type { PadMode } from './ops/shaping.js';
export {
  tensor, zeros, ones, full, empty, arange, linspace, eye, zerosLike, onesLike, fullLike,
  type TensorOptions, type TensorData,
} from './tensor/creation.js';
export { rand, randn, randint, randLike, randnLike, type RandomOptions } from './tensor/random.js';
export { fromNdarray, toNdarray } from './tensor/ndarray-interop.js';
export { fromMat4, toMat4, fromVec3, toVec3 } from './tensor/gl-matrix-interop.js';
export * from './tensor/functions-math.js';
export * from './tensor/functions-unary.js';
export { sum, mean, prod, var_ as var, std, logsumexp, norm, argmax, argmin, max, min } from './tensor/functions-reduce.js';
export {
  reshape, view, transpose,
  permute, squeeze, unsqueeze, expand, expandAs, flatten, narrow, slice, select, indexSelect, gather, scatter,
  scatterAdd, cat, stack, split, chunk, repeat, pad, contiguous, clone, to, float, double, int, bool,
} from './tensor/functions-shape.js';
export { tidy } from './tensor/tidy.js';
export { noGrad, enableGrad, isGradEnabled } from './autograd/grad-mode.js';
export * as autograd from './autograd/public.js';
export * as io from './io/index.js';
export * as F from './functional/index.js';
export * as optim from './optim/index.js';
export * as nn from './nn/index.js';
export * as data from './data/index.js';
export * as train from './train/index.js';
export { manualSeed, Generator } from './core/rng.js';
export { type DType, type TypedArray, type TypedArrayOf, promoteTypes } from './core/dtype.js';
export { TensorError, ShapeError, DTypeError, IndexError, AutogradError } from './core/errors.js';
export { setKernels, getKernels, kernelsUnavailableReason, setNumThreads, getNumThreads, type KernelKind } from './backend/settings.js';
export type { Backend, Storage, View, UnaryKernel, BinaryKernel, ReduceKernel, Im2colGeometry } from './backend/backend.js';
