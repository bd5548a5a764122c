/**
 * @file `tg.optim`: optimizers, learning-rate schedulers (`tg.optim.lrScheduler`) and
 * parameter averaging, after PyTorch's `torch.optim`.
 */
export {
  Optimizer,
  type GroupOptions,
  type ParamGroup,
  type ParamGroupInput,
  type ParamState,
  type StateValue,
  type OptimizerStateDict,
  type OptimizerDefaults,
  type ZeroGradOptions,
} from './optimizer.js';
export { SGD, type SGDOptions, type SGDGroup, type SGDState } from './sgd.js';
export { Adam, type AdamOptions, type AdamGroup, type AdamState } from './adam.js';
export { AdamW } from './adamw.js';
export { RMSprop, type RMSpropOptions, type RMSpropGroup, type RMSpropState } from './rmsprop.js';
export { Adagrad, type AdagradOptions, type AdagradGroup, type AdagradState } from './adagrad.js';
export { ExponentialMovingAverage, type EMAOptions, type EMAStateDict } from './ema.js';
export * as lrScheduler from './lr-scheduler/index.js';
