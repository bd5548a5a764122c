/**
 * @file float32 max pooling on the WebAssembly kernels (`assembly/pool.ts`): the forward of 2×2
 * windows of stride 2 without padding on contiguous inputs, and the backward for any geometry,
 * both streamed through scratch a block of whole planes at a time. Other cases return null and
 * the CPU backend runs its TypeScript loops (`cpu/pool.ts`), whose results these equal exactly.
 */
import { IndexError } from '../../core/errors.js';
import { isContiguous } from '../../core/shape.js';
import type { Im2colGeometry, View } from '../backend.js';
import type { CpuStorage } from '../cpu/storage.js';
import { mark, release, scratch, type WasmRuntime } from './runtime.js';
import { outputF32, outputI32 } from './output.js';

/** Input floats per staged block of planes (at least one plane): 256 KiB, within L2. */
const BLOCK_FLOATS = 1 << 16;

/** Whether `v` is row-major contiguous (size-1 dims may have any stride). */
const contiguous = (v: View): boolean => isContiguous(v.shape, v.strides);

/** Maxima and plane indices of 2×2 stride-2 pooling of a contiguous float32 `[N, C, H, W]`, or null for other cases. */
export function wasmMaxPool2d(rt: WasmRuntime, x: View, g: Im2colGeometry): { values: Float32Array; indices: Int32Array } | null {
  if (x.storage.dtype !== 'float32' || x.shape.length !== 4 || !contiguous(x)) return null;
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [oh, ow] = g.blocks;
  const simple = g.kernel[0] === 2 && g.kernel[1] === 2 && g.stride[0] === 2 && g.stride[1] === 2 && g.padding[0] === 0 && g.padding[1] === 0
    && g.dilation[0] === 1 && g.dilation[1] === 1 && g.size[0] === H && g.size[1] === W && 2 * oh <= H && 2 * ow <= W;
  if (!simple) return null;
  const planes = N * C, inPlane = H * W, outPlane = oh * ow;
  const values = outputF32(planes * outPlane), indices = outputI32(planes * outPlane);
  if (values.length === 0) return { values, indices };
  const src = (x.storage as CpuStorage).data as Float32Array;
  const block = Math.max(1, Math.min(planes, Math.floor(BLOCK_FLOATS / inPlane)));
  const m = mark(rt);
  try {
    const px = scratch(rt, block * inPlane * 4), py = scratch(rt, block * outPlane * 4), pi = scratch(rt, block * outPlane * 4);
    const f32 = rt.f32, i32 = rt.i32;
    for (let p = 0; p < planes; p += block) {
      const np = Math.min(block, planes - p), at = x.offset + p * inPlane, o = p * outPlane, len = np * outPlane;
      f32.set(src.subarray(at, at + np * inPlane), px >> 2);
      rt.exports.maxpool2x2_f32(px, py, pi, np, H, W, oh, ow);
      values.set(f32.subarray(py >> 2, (py >> 2) + len), o);
      indices.set(i32.subarray(pi >> 2, (pi >> 2) + len), o);
    }
  } finally {
    release(rt, m);
  }
  return { values, indices };
}

/**
 * The input gradient of max pooling from contiguous float32 `g` and int32 `indices`
 * `[N, C, oh, ow]` (shapes already checked) for an input of `inputShape`, or null when their
 * layout is not contiguous. An index outside [-1, H·W) throws, as the TypeScript loop does.
 */
export function wasmMaxPool2dBackward(rt: WasmRuntime, g: View, indices: View, inputShape: readonly number[]): Float32Array | null {
  if (g.storage.dtype !== 'float32' || !contiguous(g) || !contiguous(indices)) return null;
  const [N, C, oh, ow] = g.shape as [number, number, number, number];
  const HW = inputShape[2]! * inputShape[3]!, per = oh * ow, planes = N * C;
  const out = outputF32(planes * HW);
  if (out.length === 0 || per === 0) return out.fill(0);
  const gd = (g.storage as CpuStorage).data as Float32Array, id = (indices.storage as CpuStorage).data as Int32Array;
  const block = Math.max(1, Math.min(planes, Math.floor(BLOCK_FLOATS / Math.max(HW, per))));
  const m = mark(rt);
  try {
    const pg = scratch(rt, block * per * 4), pi = scratch(rt, block * per * 4), po = scratch(rt, block * HW * 4);
    const f32 = rt.f32, i32 = rt.i32;
    for (let p = 0; p < planes; p += block) {
      const np = Math.min(block, planes - p), at = p * per, len = np * HW;
      f32.set(gd.subarray(g.offset + at, g.offset + at + np * per), pg >> 2);
      i32.set(id.subarray(indices.offset + at, indices.offset + at + np * per), pi >> 2);
      f32.fill(0, po >> 2, (po >> 2) + len);
      const bad = rt.exports.maxpool_backward_f32(pg, pi, po, np, per, HW);
      if (bad !== -1) throw new IndexError(`maxPool2dBackward: index ${id[indices.offset + at + bad]} is out of range for a plane of ${HW} elements`);
      out.set(f32.subarray(po >> 2, (po >> 2) + len), p * HW);
    }
  } finally {
    release(rt, m);
  }
  return out;
}
