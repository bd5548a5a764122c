/**
 * @file The CPU backend: typed-array storages and plain-loop kernels.
 */
import { allocTyped, dtypeOfArray, type DType, type TypedArray } from '../../core/dtype.js';
import { sizeOf } from '../../core/shape.js';
import type { Backend, BinaryKernel, Im2colGeometry, ReduceKernel, Storage, UnaryKernel, View } from '../backend.js';
import { binaryLoops } from './binary.js';
import { checkIndexShape, gatherLoop, scatterLoop } from './indexing.js';
import { matmulKernel } from './matmul.js';
import { planRuns } from './plan.js';
import { checkPoolBackwardShapes, maxPool2dBackwardLoop, maxPool2dLoop } from './pool.js';
import { reduceLoop } from './reduce.js';
import { softmaxBackwardLoop, softmaxLoop } from './softmax.js';
import { col2imLoop, im2colLoop } from './unfold.js';
import { CpuStorage } from './storage.js';
import { unaryLoops } from './unary.js';
import { wasmBatchedMatmul } from '../wasm/batched-matmul.js';
import { wasmCol2im, wasmIm2col } from '../wasm/unfold.js';
import { wasmMaxPool2d, wasmMaxPool2dBackward } from '../wasm/pool.js';
import { wasmCrossEntropy, wasmCrossEntropyBackward, wasmReduce, wasmSoftmax, wasmSoftmaxBackward, wasmUnaryMath } from '../wasm/dispatch.js';
import { crossEntropyBackwardLoop, crossEntropyLoop } from './cross-entropy.js';
import { wasmBinaryF32, wasmSimpleUnaryF32 } from '../wasm/elementwise-binary.js';
import { wasm } from '../wasm/runtime.js';

/** Products with fewer multiply-adds stay on the TypeScript kernel (the staging costs more). */
const WASM_MATMUL_MIN_MACS = 512;

const dataOf = (v: View): TypedArray => (v.storage as CpuStorage).data;

class CpuBackend implements Backend {
  readonly name = 'cpu';

  alloc(dtype: DType, size: number): Storage {
    return new CpuStorage(this, dtype, allocTyped(dtype, size));
  }

  fromArray(data: TypedArray): Storage {
    return new CpuStorage(this, dtypeOfArray(data), data);
  }

  #wrap(data: TypedArray): Storage {
    return new CpuStorage(this, dtypeOfArray(data), data);
  }

  read(view: View): TypedArray {
    return (this.cast(view, view.storage.dtype) as CpuStorage).data;
  }

  readAsync(view: View): Promise<TypedArray> {
    return Promise.resolve(this.read(view));
  }

  unary(op: UnaryKernel, x: View, outDtype: DType): Storage {
    const rt = wasm();
    const fast = rt === null ? null : wasmUnaryMath(rt, op, x, outDtype) ?? wasmSimpleUnaryF32(rt, op, x, outDtype);
    if (fast !== null) return this.#wrap(fast);
    const plan = planRuns(x.shape, [x.strides], [x.offset]);
    const out = allocTyped(outDtype, sizeOf(x.shape));
    unaryLoops[op](dataOf(x), plan.starts[0]!, plan.strides[0]!, out, plan.length, plan.count);
    return this.#wrap(out);
  }

  binary(op: BinaryKernel, a: View, b: View, outDtype: DType): Storage {
    const rt = wasm();
    const fast = rt !== null ? wasmBinaryF32(rt, op, a, b, outDtype) : null;
    if (fast !== null) return this.#wrap(fast);
    const plan = planRuns(a.shape, [a.strides, b.strides], [a.offset, b.offset]);
    const out = allocTyped(outDtype, sizeOf(a.shape));
    binaryLoops[op](dataOf(a), plan.starts[0]!, plan.strides[0]!, dataOf(b), plan.starts[1]!, plan.strides[1]!, out, plan.length, plan.count);
    return this.#wrap(out);
  }

  where(cond: View, a: View, b: View, outDtype: DType): Storage {
    const plan = planRuns(a.shape, [cond.strides, a.strides, b.strides], [cond.offset, a.offset, b.offset]);
    const out = allocTyped(outDtype, sizeOf(a.shape));
    const c = dataOf(cond), x = dataOf(a), y = dataOf(b);
    const [cs, xs, ys] = plan.starts as [Int32Array, Int32Array, Int32Array];
    const [sc, sx, sy] = plan.strides as [number, number, number];
    for (let r = 0, o = 0; r < plan.count; r++) {
      for (let i = 0, pc = cs[r]!, px = xs[r]!, py = ys[r]!; i < plan.length; i++, pc += sc, px += sx, py += sy) {
        out[o++] = c[pc] !== 0 ? x[px]! : y[py]!;
      }
    }
    return this.#wrap(out);
  }

  cast(x: View, dtype: DType): Storage {
    const plan = planRuns(x.shape, [x.strides], [x.offset]);
    const out = allocTyped(dtype, sizeOf(x.shape));
    const src = dataOf(x);
    const xs = plan.starts[0]!, st = plan.strides[0]!;
    if (dtype === 'bool') {
      for (let r = 0, o = 0; r < plan.count; r++) for (let i = 0, p = xs[r]!; i < plan.length; i++, p += st) out[o++] = src[p] !== 0 ? 1 : 0;
    } else if (plan.count === 1 && st === 1) {
      out.set(src.subarray(xs[0]!, xs[0]! + plan.length));
    } else {
      for (let r = 0, o = 0; r < plan.count; r++) for (let i = 0, p = xs[r]!; i < plan.length; i++, p += st) out[o++] = src[p]!;
    }
    return this.#wrap(out);
  }

  reduce(op: ReduceKernel, x: View, dims: readonly number[], outDtype: DType): Storage {
    const rt = wasm();
    const fast = rt !== null ? wasmReduce(rt, op, x, dims, outDtype) : null;
    if (fast !== null) return this.#wrap(fast);
    return this.#wrap(reduceLoop(op, x, dims, outDtype));
  }

  softmax(x: View, dim: number, log: boolean): Storage {
    const rt = wasm();
    const fast = rt !== null ? wasmSoftmax(rt, x, dim, log) : null;
    if (fast !== null) return this.#wrap(fast);
    return this.#wrap(softmaxLoop(x, dim, log));
  }

  crossEntropy(x: View, target: View): Storage {
    const rt = wasm();
    const fast = rt !== null ? wasmCrossEntropy(rt, x, target) : null;
    return this.#wrap(fast ?? crossEntropyLoop(x, target));
  }

  crossEntropyBackward(x: View, target: View, g: View): Storage {
    const rt = wasm();
    const fast = rt !== null ? wasmCrossEntropyBackward(rt, x, target, g) : null;
    return this.#wrap(fast ?? crossEntropyBackwardLoop(x, target, g));
  }

  softmaxBackward(y: View, g: View, dim: number, log: boolean): Storage {
    const rt = wasm();
    const fast = rt !== null ? wasmSoftmaxBackward(rt, y, g, dim, log) : null;
    if (fast !== null) return this.#wrap(fast);
    return this.#wrap(softmaxBackwardLoop(y, g, dim, log));
  }

  matmul(a: View, b: View, sumBatch = false): Storage {
    const nd = a.shape.length;
    const M = a.shape[nd - 2]!, K = a.shape[nd - 1]!, N = b.shape[nd - 1]!;
    const batch = a.shape.slice(0, nd - 2);
    const rt = a.storage.dtype === 'float32' ? wasm() : null;
    if (rt !== null && sizeOf(batch) * M * N * K >= WASM_MATMUL_MIN_MACS) return this.#wrap(wasmBatchedMatmul(rt, a, b, sumBatch));
    const out = allocTyped(a.storage.dtype, (sumBatch ? 1 : sizeOf(batch)) * M * N);
    const plan = planRuns(batch, [a.strides.slice(0, nd - 2), b.strides.slice(0, nd - 2)], [a.offset, b.offset]);
    const ad = dataOf(a), bd = dataOf(b);
    const [aRs, aCs] = [a.strides[nd - 2]!, a.strides[nd - 1]!];
    const [bRs, bCs] = [b.strides[nd - 2]!, b.strides[nd - 1]!];
    const one = sumBatch && plan.count * plan.length > 1 ? allocTyped(a.storage.dtype, M * N) : out;
    let o = 0;
    for (let r = 0; r < plan.count; r++) {
      for (let e = 0, pa = plan.starts[0]![r]!, pb = plan.starts[1]![r]!; e < plan.length; e++, pa += plan.strides[0]!, pb += plan.strides[1]!) {
        matmulKernel(ad, pa, aRs, aCs, bd, pb, bRs, bCs, one, sumBatch ? 0 : o, M, N, K);
        if (one !== out) for (let i = 0; i < M * N; i++) out[i] = out[i]! + one[i]!;
        o += M * N;
      }
    }
    return this.#wrap(out);
  }

  assign(dst: View, src: View): void {
    const plan = planRuns(dst.shape, [dst.strides, src.strides], [dst.offset, src.offset]);
    const d = dataOf(dst), s = dataOf(src);
    const [ds, ss] = plan.starts as [Int32Array, Int32Array];
    const [sd, sss] = plan.strides as [number, number];
    const toBool = dst.storage.dtype === 'bool';
    if (plan.count === 1 && sd === 1 && sss === 1 && !toBool) { // contiguous: one memcpy
      d.set(s.subarray(ss[0]!, ss[0]! + plan.length), ds[0]!);
      return;
    }
    for (let r = 0; r < plan.count; r++) {
      for (let i = 0, pd = ds[r]!, ps = ss[r]!; i < plan.length; i++, pd += sd, ps += sss) d[pd] = toBool ? (s[ps] !== 0 ? 1 : 0) : s[ps]!;
    }
  }

  fill(dst: View, value: number): void {
    const plan = planRuns(dst.shape, [dst.strides], [dst.offset]);
    const d = dataOf(dst);
    const v = dst.storage.dtype === 'bool' ? (value !== 0 ? 1 : 0) : value;
    const st = plan.strides[0]!;
    for (let r = 0; r < plan.count; r++) for (let i = 0, p = plan.starts[0]![r]!; i < plan.length; i++, p += st) d[p] = v;
  }

  gather(x: View, dim: number, index: View): Storage {
    checkIndexShape('gather', x, dim, index);
    return this.#wrap(gatherLoop(x, dim, index));
  }

  scatter(x: View, dim: number, index: View, src: View, accumulate: boolean): Storage {
    checkIndexShape(accumulate ? 'scatterAdd' : 'scatter', x, dim, index, src);
    const copy = (this.cast(x, x.storage.dtype) as CpuStorage).data;
    return this.#wrap(scatterLoop(x, dim, index, src, accumulate, copy));
  }

  im2col(x: View, geometry: Im2colGeometry): Storage {
    const rt = x.storage.dtype === 'float32' && x.shape.length === 4 ? wasm() : null;
    const fast = rt === null ? null : wasmIm2col(rt, x, geometry);
    if (fast !== null) return this.#wrap(fast);
    return this.#wrap(im2colLoop(x, geometry));
  }

  col2im(cols: View, geometry: Im2colGeometry): Storage {
    const [kh, kw] = geometry.kernel, [oh, ow] = geometry.blocks;
    const fits = cols.shape.length === 3 && cols.shape[1]! % (kh * kw) === 0 && cols.shape[2] === oh * ow;
    const rt = cols.storage.dtype === 'float32' && fits ? wasm() : null;
    const fast = rt === null ? null : wasmCol2im(rt, cols, geometry);
    if (fast !== null) return this.#wrap(fast);
    return this.#wrap(col2imLoop(cols, geometry));
  }

  maxPool2d(x: View, geometry: Im2colGeometry): { values: Storage; indices: Storage } {
    const rt = x.storage.dtype === 'float32' ? wasm() : null;
    const { values, indices } = (rt === null ? null : wasmMaxPool2d(rt, x, geometry)) ?? maxPool2dLoop(x, geometry);
    return { values: this.#wrap(values), indices: this.#wrap(indices) };
  }

  maxPool2dBackward(g: View, indices: View, inputShape: readonly [number, number, number, number]): Storage {
    checkPoolBackwardShapes(g, indices, inputShape);
    const rt = g.storage.dtype === 'float32' ? wasm() : null;
    const fast = rt === null ? null : wasmMaxPool2dBackward(rt, g, indices, inputShape);
    return this.#wrap(fast ?? maxPool2dBackwardLoop(g, indices, inputShape));
  }
}

/** The process-wide CPU backend. */
export const cpuBackend: Backend = new CpuBackend();
