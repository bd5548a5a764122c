/**
 * @file `SGD`: stochastic gradient descent with optional momentum, dampening, Nesterov momentum,
 * weight decay (L2) and maximization, step for step as PyTorch 1.13's `torch.optim.SGD`.
 */
import { TensorError } from '../core/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkNonNegative } from './checks.js';
import { fusedSgd } from './fused/sgd.js';
import { Optimizer, type GroupOptions, type ParamGroup, type ParamGroupInput } from './optimizer.js';

/** Options of `SGD` (PyTorch's defaults). */
export interface SGDOptions {
  /** Learning rate; required here or in every param group. */
  lr?: number;
  /** Momentum factor (default 0). */
  momentum?: number;
  /** Dampening of the momentum: the new gradient is scaled by `1 - dampening` (default 0). */
  dampening?: number;
  /** L2 penalty added to the gradient: `g + weightDecay * p` (default 0). */
  weightDecay?: number;
  /** Use Nesterov momentum (needs momentum > 0 and dampening 0; default false). */
  nesterov?: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize?: boolean;
}

/** A resolved `SGD` group's options (plus the scheduler fields of `GroupOptions`). */
export interface SGDGroup extends GroupOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

/** `SGD`'s per-parameter state: the momentum buffer (null while momentum is 0, as in PyTorch). */
export type SGDState = {
  momentumBuffer: Tensor | null;
};

/**
 * Stochastic gradient descent (`torch.optim.SGD`). Per parameter with gradient `g`:
 * `g = ±g + weightDecay·p`; with momentum, `b = g` on the first step then
 * `b = momentum·b + (1 - dampening)·g`, and `g = g + momentum·b` (Nesterov) or `g = b`;
 * finally `p = p - lr·g`.
 *
 * @example
 * ```ts
 * const w = tg.tensor([1, -2], { requiresGrad: true });
 * const opt = new tg.optim.SGD([w], { lr: 0.1, momentum: 0.9 });
 * for (let i = 0; i < 3; i++) {
 *   opt.zeroGrad();
 *   w.square().sum().backward();
 *   opt.step();
 * }
 * w.toArray(); // closer to [0, 0]
 * ```
 *
 * L2 regularisation is `weightDecay`; L1 has no option and is added to the loss:
 *
 * @example
 * ```ts
 * const x = tg.randn([32, 3]);
 * const y = x.matmul(tg.tensor([2, 0, 0]));   // only the first feature matters
 * const w = tg.zeros([3], { requiresGrad: true });
 * const l2 = new tg.optim.SGD([w], { lr: 0.05, weightDecay: 1e-3 }); // L2: weightDecay
 * for (let i = 0; i < 100; i++) {
 *   l2.zeroGrad();
 *   const l1 = w.abs().sum().mul(1e-2);     // L1: a penalty in the loss
 *   x.matmul(w).sub(y).square().mean().add(l1).backward();
 *   l2.step();
 * }
 * w.toArray(); // ≈ [2, 0, 0]: the L1 term pushes the unused weights to zero
 * ```
 */
export class SGD extends Optimizer<SGDGroup, SGDState> {
  /**
   * `params`: tensors, or groups `{ params, ...options }`.
   *
   * @example
   * ```ts
   * const a = tg.zeros([2], { requiresGrad: true });
   * const b = tg.zeros([2], { requiresGrad: true });
   * new tg.optim.SGD([{ params: [a] }, { params: [b], lr: 0.01 }], { lr: 0.1, momentum: 0.9 });
   * ```
   */
  constructor(params: readonly Tensor[] | ReadonlyArray<ParamGroupInput<SGDGroup>>, options: SGDOptions = {}) {
    super('SGD', params, {
      lr: options.lr,
      momentum: options.momentum ?? 0,
      dampening: options.dampening ?? 0,
      weightDecay: options.weightDecay ?? 0,
      nesterov: options.nesterov ?? false,
      maximize: options.maximize ?? false,
    });
  }

  protected override validate(o: SGDGroup, where: string): void {
    checkNonNegative('SGD', 'lr', o.lr, where);
    checkNonNegative('SGD', 'momentum', o.momentum, where);
    checkNonNegative('SGD', 'weightDecay', o.weightDecay, where);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new TensorError(`SGD: nesterov in ${where} requires momentum > 0 and dampening 0 (got momentum ${o.momentum}, dampening ${o.dampening})`);
    }
  }

  protected override updateGroup(group: ParamGroup<SGDGroup>): void {
    for (const p of group.params) {
      if (p.grad === null) continue;
      const prev = group.momentum !== 0 ? (this.state.get(p)?.momentumBuffer ?? null) : null;
      // One pass over plain CPU tensors; the tensor ops below for anything else.
      const fused = fusedSgd(p, p.grad, prev, group);
      this.state.set(p, { momentumBuffer: fused !== undefined ? fused : sgdTensorStep(p, p.grad, prev, group) });
    }
  }
}

/**
 * One SGD step of `p` with tensor ops (the path for tensors the fused update cannot index,
 * and the reference it is tested against). `prev` is the momentum buffer (null before the
 * first step with momentum); returns the buffer to keep.
 */
function sgdTensorStep(p: Tensor, grad: Tensor, prev: Tensor | null, group: SGDGroup): Tensor | null {
  const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
  let d = maximize ? grad.neg() : grad;
  if (weightDecay !== 0) d = d.add(p, { alpha: weightDecay });
  let buf: Tensor | null = null;
  if (momentum !== 0) {
    buf = prev;
    if (buf === null) buf = d.detach().clone();
    else buf.mul_(momentum).add_(d, { alpha: 1 - dampening });
    d = nesterov ? d.add(buf, { alpha: momentum }) : buf;
  }
  p.add_(d, { alpha: -lr });
  return buf;
}
