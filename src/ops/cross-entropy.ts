/**
 * @file Cross-entropy of logit rows against class indices as one fused primitive: forward
 * `log Σ e^x − x[t]` per row, backward `g·(softmax(x) − onehot(t))`, one kernel each. The
 * backward is written with tensor ops when it is itself recorded (higher-order gradients).
 */
import { isGradEnabled } from '../autograd/grad-mode.js';
import { arange } from '../tensor/creation.js';
import { fromStorage } from '../tensor/make.js';
import type { Tensor } from '../tensor/tensor.js';
import { record } from './record.js';

/**
 * Per-row losses `[N]` of logits `x` `[N, C]` against int32 class indices `target` `[N]`
 * (validated by the caller); a target outside `[0, C)` is ignored (loss and gradient 0).
 */
export function crossEntropyRows(x: Tensor, target: Tensor): Tensor {
  const [N, C] = x.shape as [number, number];
  const losses = fromStorage(x.backend.crossEntropy(x, target), [N]);
  return record('CrossEntropyBackward', [x], losses, ([g]) => {
    if (!isGradEnabled()) return [fromStorage(x.backend.crossEntropyBackward(x, target, g!.expand([N])), [N, C])];
    const kept = target.ge(0).logicalAnd(target.lt(C));
    const onehot = target.where(kept, 0).unsqueeze(1).eq(arange(C, undefined, 1, { dtype: 'int32' }).unsqueeze(0)).to(x.dtype);
    return [x.softmax(1).sub(onehot).mul(g!.mul(kept.to(x.dtype)).unsqueeze(1))];
  }, [x]);
}
