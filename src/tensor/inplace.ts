/**
 * @file The in-place machinery: checks that an in-place write is allowed, writes the result
 * into the tensor's storage, bumps the version counter and, while recording, moves the
 * tensor's history onto the op that produced the new values.
 */
import { AutogradError, DTypeError, ShapeError, fmtShape } from '../core/errors.js';
import { isGradEnabled, noGrad } from '../autograd/grad-mode.js';
import { record } from '../ops/record.js';
import type { Tensor } from './tensor.js';

/** Kinds of dtype; an in-place result may not move to a higher kind (float into int, int into bool). */
const rank = { bool: 0, int32: 1, float32: 2, float64: 2 } as const;

/**
 * Replaces `self`'s values with `compute(self)` in place. `others` are the other tensor
 * inputs (they decide whether the op is recorded). Throws before writing anything when the
 * write is not allowed.
 */
export function applyInplace(op: string, self: Tensor, others: readonly Tensor[], compute: (self: Tensor) => Tensor): Tensor {
  const recording = isGradEnabled() && (self.requiresGrad || others.some((t) => t.requiresGrad));
  if (isGradEnabled() && self.isLeaf && self.requiresGrad) {
    throw new AutogradError(
      `${op}: a leaf tensor that requires grad is being used in an in-place operation; ` +
        `wrap the update in tg.noGrad(() => …) or work on a clone()`,
    );
  }
  if (recording && self.base !== null) {
    throw new AutogradError(
      `${op}: recording an in-place write into a view (of shape ${fmtShape(self.shape)}) is not supported, because ` +
        `the gradient would not reach the tensor it views; build the result out of place (cat, stack, scatter, where, pad) ` +
        `or write under tg.noGrad`,
    );
  }
  // While recording, compute from a snapshot so the op's saved inputs survive the write.
  const snapshot = recording ? self.clone() : self;
  let result = recording ? compute(snapshot) : noGrad(() => compute(self));
  // A result that does not depend on the old values (fill_, copy_ from a constant) still
  // replaces them: their gradient is zero.
  if (recording && !result.requiresGrad && snapshot.requiresGrad) {
    result = record(`${op[0]!.toUpperCase()}${op.slice(1, -1)}Backward`, [snapshot], result.detach(), ([g]) => [g!.mul(0)]);
  }
  if (result.shape.length !== self.shape.length || result.shape.some((d, i) => d !== self.shape[i])) {
    throw new ShapeError(`${op}: the result has shape ${fmtShape(result.shape)}, which does not match the tensor's shape ${fmtShape(self.shape)} (in-place ops cannot broadcast the tensor itself)`);
  }
  if (rank[result.dtype] > rank[self.dtype]) {
    throw new DTypeError(`${op}: the result type ${result.dtype} cannot be cast to the tensor's dtype ${self.dtype} in place`);
  }
  self.backend.assign(self, result);
  self.storage.version++;
  if (recording) self.setGradFn(result.gradFn, result.outputIndex);
  return self;
}
