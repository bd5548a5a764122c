/**
 * @file `gradcheck` and `gradgradcheck`: compare autograd's Jacobian with central finite
 * differences in float64 (PyTorch's defaults: eps 1e-6, atol 1e-5, rtol 1e-3).
 */
import { AutogradError, DTypeError } from '../core/errors.js';
import { tensor } from '../tensor/creation.js';
import { randnLike } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { grad } from './grad.js';

/** Options of `gradcheck`. */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
  /** Throw on a mismatch (default true) instead of returning false. */
  raiseException?: boolean;
}

/** A function checked by `gradcheck`: tensors in, one tensor or a list out. */
export type GradcheckFn = (...inputs: Tensor[]) => Tensor | Tensor[];

const outputsOf = (fn: GradcheckFn, inputs: Tensor[]): Tensor[] => {
  const r = fn(...inputs);
  return (Array.isArray(r) ? r : [r]).filter((t) => t.dtype === 'float64');
};

function flatValues(outs: readonly Tensor[]): Float64Array[] {
  return outs.map((t) => Float64Array.from(t.dataSync()));
}

/**
 * Checks the gradients of `fn` at `inputs` (float64 tensors; those requiring grad are
 * checked) against central finite differences. Returns true, or throws (or returns false)
 * naming the input, the output and the worst element.
 *
 * @example
 * ```ts
 * const x = tg.randn([3], { dtype: 'float64', requiresGrad: true });
 * tg.autograd.gradcheck((a) => a.sin().mul(a), [x]); // true
 * ```
 */
export function gradcheck(fn: GradcheckFn, inputs: readonly Tensor[], options: GradcheckOptions = {}): boolean {
  const eps = options.eps ?? 1e-6, atol = options.atol ?? 1e-5, rtol = options.rtol ?? 1e-3;
  for (const [i, x] of inputs.entries()) {
    if (x.requiresGrad && x.dtype !== 'float64') {
      throw new DTypeError(`gradcheck: input ${i} has dtype ${x.dtype}; gradcheck needs float64 inputs for accurate finite differences`);
    }
  }
  const outs = outputsOf(fn, [...inputs]);
  const checked = inputs.map((x, i) => i).filter((i) => inputs[i]!.requiresGrad);
  for (const i of checked) {
    const x = inputs[i]!;
    const numerical = numericalJacobian(fn, inputs, i, eps);
    for (const [o, out] of outs.entries()) {
      const analytical = analyticalJacobian(out, x);
      const num = numerical[o]!;
      for (let k = 0; k < num.length; k++) {
        const a = analytical[k]!, n = num[k]!;
        if (!(Math.abs(a - n) <= atol + rtol * Math.abs(n))) {
          const row = Math.floor(k / x.numel), col = k % x.numel;
          const msg =
            `gradcheck: Jacobian mismatch for output ${o} with respect to input ${i}: ` +
            `d out[${row}] / d in[${col}] is ${a} analytically but ${n} numerically ` +
            `(atol ${atol}, rtol ${rtol})`;
          if (options.raiseException === false) return false;
          throw new AutogradError(msg);
        }
      }
    }
  }
  return true;
}

/** Jacobian rows (output element × input element, row-major) by central differences. */
function numericalJacobian(fn: GradcheckFn, inputs: readonly Tensor[], i: number, eps: number): Float64Array[] {
  const x = inputs[i]!;
  const base = Float64Array.from(x.dataSync());
  // Grad mode stays on: gradgradcheck's function differentiates inside.
  const perturbed = (k: number, delta: number): Float64Array[] => {
    const values = Float64Array.from(base);
    values[k] = values[k]! + delta;
    const xi = tensor(values, { dtype: 'float64', requiresGrad: x.requiresGrad }).reshape(x.shape);
    return flatValues(outputsOf(fn, inputs.map((t, j) => (j === i ? xi : t))));
  };
  let jac: Float64Array[] | null = null;
  for (let k = 0; k < base.length; k++) {
    const plus = perturbed(k, eps), minus = perturbed(k, -eps);
    jac ??= plus.map((p) => new Float64Array(p.length * base.length));
    plus.forEach((p, o) => {
      for (let r = 0; r < p.length; r++) jac![o]![r * base.length + k] = (p[r]! - minus[o]![r]!) / (2 * eps);
    });
  }
  return jac ?? outputsOf(fn, [...inputs]).map((o) => new Float64Array(0 * o.numel));
}

/** Jacobian of `out` with respect to `x` by one backward per output element. */
function analyticalJacobian(out: Tensor, x: Tensor): Float64Array {
  const jac = new Float64Array(out.numel * x.numel);
  if (!out.requiresGrad) return jac;
  for (let r = 0; r < out.numel; r++) {
    const seed = new Float64Array(out.numel);
    seed[r] = 1;
    const [g] = grad(out, x, { gradOutputs: tensor(seed, { dtype: 'float64' }).reshape(out.shape), retainGraph: true, allowUnused: true });
    if (g) jac.set(g.dataSync(), r * x.numel);
  }
  return jac;
}

/**
 * Checks second derivatives: runs `gradcheck` on the function that maps (inputs, gradOutputs)
 * to the gradients of `fn` computed with `createGraph`.
 *
 * @example
 * ```ts
 * const x = tg.randn([3], { dtype: 'float64', requiresGrad: true });
 * tg.autograd.gradgradcheck((a) => a.pow(3), [x]); // true
 * ```
 */
export function gradgradcheck(fn: GradcheckFn, inputs: readonly Tensor[], options: GradcheckOptions & { gradOutputs?: readonly Tensor[] } = {}): boolean {
  const outs = outputsOf(fn, [...inputs]).filter((o) => o.requiresGrad);
  const seeds = options.gradOutputs ?? outs.map((o) => randnLike(o, { requiresGrad: true }));
  const diffInputs = inputs.filter((x) => x.requiresGrad);
  const n = inputs.length;
  const gradFn = (...all: Tensor[]): Tensor[] => {
    const ins = all.slice(0, n);
    const gs = all.slice(n);
    const o = outputsOf(fn, ins).filter((t) => t.requiresGrad);
    const wrt = ins.filter((_, j) => inputs[j]!.requiresGrad);
    if (o.length === 0) return wrt.map((t) => t.mul(0));
    const grads = grad(o, wrt, { gradOutputs: gs, createGraph: true, allowUnused: true });
    return grads.map((g, j) => g ?? wrt[j]!.detach().mul(0));
  };
  if (diffInputs.length === 0) throw new AutogradError('gradgradcheck: no input requires grad');
  return gradcheck(gradFn, [...inputs, ...seeds], options);
}
