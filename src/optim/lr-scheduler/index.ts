/**
 * @file `tg.optim.lrScheduler`: learning-rate schedules (PyTorch's `torch.optim.lr_scheduler`).
 */
export { LRScheduler, type AnyOptimizer, type SchedulerOptions, type SchedulerStateDict } from './scheduler.js';
export { StepLR, MultiStepLR, type StepLROptions } from './step-lr.js';
export { ExponentialLR } from './exponential-lr.js';
export { LinearLR, type LinearLROptions } from './linear-lr.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './cosine-annealing-lr.js';
export { OneCycleLR, type OneCycleLROptions } from './one-cycle-lr.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions, type ReduceLROnPlateauStateDict } from './reduce-lr-on-plateau.js';
