/**
 * @file `tg.train`: the Keras workflow on PyTorch-style modules — `fit`, `evaluate` and
 * `predict`, metrics, callbacks (`earlyStopping`, `modelCheckpoint`, `emaCallback`, or your
 * own `Callback`), progress output, and the `History` of a run with its charts.
 */
export { fit, type FitOptions } from './fit.js';
export { evaluate, predict, type EvaluateOptions, type PredictOptions } from './evaluate.js';
export { History } from './history.js';
export type { PlotOptions } from './plot.js';
export { accuracy, mae, mse, type AccuracyOptions, type Metric, type MetricFn, type MetricSpec } from './metrics.js';
export {
  earlyStopping, modelCheckpoint,
  type EarlyStopping, type EarlyStoppingOptions, type ModelCheckpoint, type ModelCheckpointOptions, type MonitorMode,
} from './callbacks.js';
export { emaCallback, type EMACallback, type EMACallbackOptions } from './ema-callback.js';
export type { Batch, Callback, Loader, Logs, Loss, LossFn, TrainState } from './types.js';
