/**
 * @file `tg.autograd`: functional gradients, custom functions, gradient checks, anomaly mode.
 */
export { grad, type GradOptions } from './grad.js';
export { Function, FunctionCtx, type FunctionGrads, type WithoutCtx } from './function.js';
export { gradcheck, gradgradcheck, type GradcheckOptions, type GradcheckFn } from './gradcheck.js';
export { detectAnomaly } from './grad-mode.js';
export type { Node, GradHook, Edge, GradMeta } from './node.js';
