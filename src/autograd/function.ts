/**
 * @file Custom differentiable functions (`tg.autograd.Function`), like `torch.autograd.Function`.
 */
import { AutogradError } from '../core/errors.js';
import { isFloatingDType } from '../core/dtype.js';
import { needsGrad } from '../tensor/tensor-base.js';
import { Tensor } from '../tensor/tensor.js';
import { noGrad } from './grad-mode.js';
import { Node, edgeOf } from './node.js';

/**
 * The context a custom function's forward and backward share: saved tensors and free-form values.
 *
 * @example
 * ```ts
 * class Scale extends tg.autograd.Function {
 *   forward(ctx: tg.autograd.FunctionCtx, x: tg.Tensor, k: number) {
 *     ctx.values.k = k;
 *     return x.mul(k);
 *   }
 *   backward(ctx: tg.autograd.FunctionCtx, g: tg.Tensor) {
 *     return [g.mul(ctx.values.k as number), null];
 *   }
 * }
 * Scale.apply(tg.ones([2], { requiresGrad: true }), 3);
 * ```
 */
export class FunctionCtx {
  #saved: Tensor[] = [];
  /** Whether each forward argument is a tensor that needs a gradient. */
  readonly needsInputGrad: readonly boolean[];
  /** Free-form values the forward stores for the backward. */
  readonly values: Record<string, unknown> = {};

  /** @param needsInputGrad whether each forward argument needs a gradient. */
  constructor(needsInputGrad: readonly boolean[]) {
    this.needsInputGrad = needsInputGrad;
  }

  /**
   * Saves tensors for the backward; their versions are checked when it runs.
   *
   * @example
   * ```ts
   * const ctx = new tg.autograd.FunctionCtx([true]);
   * ctx.saveForBackward(tg.ones([2]));
   * ctx.savedTensors.length; // 1
   * ```
   */
  saveForBackward(...tensors: Tensor[]): void {
    this.#saved = tensors;
  }

  /**
   * The tensors given to `saveForBackward`.
   *
   * @example
   * ```ts
   * const ctx = new tg.autograd.FunctionCtx([false]);
   * ctx.saveForBackward(tg.zeros([1]));
   * ctx.savedTensors[0]!.shape; // [1]
   * ```
   */
  get savedTensors(): readonly Tensor[] {
    return this.#saved;
  }
}

/** What a custom function's backward returns: one gradient (or null) per forward argument. */
export type FunctionGrads = Tensor | null | readonly (Tensor | null)[];
/** A parameter list without its first entry (the forward's arguments after `ctx`). */
export type WithoutCtx<T extends readonly unknown[]> = T extends readonly [unknown, ...infer R] ? R : never;

/**
 * Base class of custom ops: subclass it with `forward(ctx, ...inputs)` (runs without
 * recording) and `backward(ctx, ...gradOutputs)` returning one gradient (or null) per forward
 * argument, then call `YourFunction.apply(...inputs)`.
 *
 * @example
 * ```ts
 * class Cube extends tg.autograd.Function {
 *   forward(ctx: tg.autograd.FunctionCtx, x: tg.Tensor) {
 *     ctx.saveForBackward(x);
 *     return x.pow(3);
 *   }
 *   backward(ctx: tg.autograd.FunctionCtx, g: tg.Tensor) {
 *     const [x] = ctx.savedTensors;
 *     return g.mul(x!.square()).mul(3);
 *   }
 * }
 * const x = tg.tensor([2], { requiresGrad: true });
 * Cube.apply(x).backward();
 * x.grad!.item(); // 12
 * ```
 */
export abstract class Function {
  /** Computes the outputs from the inputs (no graph is recorded inside). */
  abstract forward(ctx: FunctionCtx, ...inputs: never[]): Tensor | Tensor[];
  /** Maps the outputs' gradients to one gradient per forward argument (null for none). */
  abstract backward(ctx: FunctionCtx, ...gradOutputs: Tensor[]): FunctionGrads;

  /**
   * Runs the function on `inputs`, recording it for autograd.
   *
   * @example
   * ```ts
   * class Double extends tg.autograd.Function {
   *   forward(_ctx: tg.autograd.FunctionCtx, x: tg.Tensor) { return x.mul(2); }
   *   backward(_ctx: tg.autograd.FunctionCtx, g: tg.Tensor) { return g.mul(2); }
   * }
   * Double.apply(tg.tensor([1, 2])).toArray(); // [2, 4]
   * ```
   */
  static apply<F extends Function>(this: new () => F, ...inputs: WithoutCtx<Parameters<F['forward']>>): ReturnType<F['forward']> {
    const fn = new this();
    const args = inputs as readonly unknown[];
    const tensors = args.map((a) => (a instanceof Tensor ? a : null));
    const ctx = new FunctionCtx(tensors.map((t) => t !== null && t.requiresGrad));
    const raw = noGrad(() => (fn.forward as (ctx: FunctionCtx, ...a: unknown[]) => Tensor | Tensor[])(ctx, ...args));
    const list = Array.isArray(raw) ? raw : [raw];
    const outs = list.map((t) => t.detach());
    if (needsGrad(...tensors)) {
      const name = `${this.name}Backward`;
      const node = new Node<Tensor>(
        name,
        tensors.map((t) => (t !== null && t.requiresGrad ? edgeOf(t) : null)),
        tensors.map((t) => (t === null ? null : { shape: t.shape, dtype: t.dtype })),
        outs.map((t) => ({ shape: t.shape, dtype: t.dtype })),
        (grads) => {
          const r = fn.backward(ctx, ...grads);
          const list = Array.isArray(r) ? (r as readonly (Tensor | null)[]) : [r as Tensor | null];
          if (list.length !== args.length) {
            throw new AutogradError(`${name}: backward returned ${list.length} gradients for ${args.length} forward arguments`);
          }
          return list;
        },
        ctx.savedTensors,
      );
      outs.forEach((t, i) => {
        if (isFloatingDType(t.dtype)) t.setGradFn(node, i);
      });
    }
    return (Array.isArray(raw) ? outs : outs[0]) as ReturnType<F['forward']>;
  }
}
