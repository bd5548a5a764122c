/**
 * @file Option checks shared by the optimizers: each throws a `TensorError` that names the
 * optimizer, the option, the bad value, where it was set and what would be valid.
 */
import { TensorError } from '../core/errors.js';

/** Throws unless `value` is a number ≥ 0 (NaN fails). */
export function checkNonNegative(optimizer: string, option: string, value: number, where: string): void {
  if (!(typeof value === 'number' && value >= 0)) {
    throw new TensorError(`${optimizer}: invalid ${option} ${String(value)} in ${where}; expected a number >= 0`);
  }
}

/** Throws unless `value` is a number in [0, 1). */
export function checkUnitInterval(optimizer: string, option: string, value: number, where: string): void {
  if (!(typeof value === 'number' && value >= 0 && value < 1)) {
    throw new TensorError(`${optimizer}: invalid ${option} ${String(value)} in ${where}; expected a number in [0, 1)`);
  }
}
