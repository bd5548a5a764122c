/**
 * @file Recovering a rigid 3D transform (a rotation and a translation) from point pairs by
 * gradient descent, with gl-matrix matrices in and out.
 *
 * What it teaches: using tensorgrad next to gl-matrix, the usual WebGL math library. The
 * ground-truth pose is a gl-matrix `mat4` (`mat4.fromRotationTranslation`), the target points
 * come from `vec3.transformMat4`, and the recovered pose goes back into a `mat4` with `toMat4`
 * (from `src/tensor/gl-matrix-interop.ts`) to be compared with gl-matrix's. gl-matrix stores
 * matrices column-major; `fromMat4` / `toMat4` convert, so the tensor is the matrix as written
 * on paper (`t[r][c]`, translation in the last column).
 *
 * The model: a quaternion `q` (normalised in the forward pass, so any non-zero `q` is a
 * rotation and gradient descent needs no constraint) and a translation `t`, both float64
 * `Parameter`s, assembled into a 4×4 homogeneous matrix `M`; the loss is the mean squared
 * distance between `M · p` and the observed points. Plain gradient descent with momentum.
 *
 *     npx tsx examples/gl-matrix-pose.ts            # full run (300 iterations)
 *     npx tsx examples/gl-matrix-pose.ts --steps 20 # quick smoke run
 */
import { mat4, quat, vec3 } from 'gl-matrix';
import * as tg from '../src/index.js';
import { fromMat4, fromVec3, toMat4 } from '../src/tensor/gl-matrix-interop.js';
import { isMain, stepCount } from './_cli.js';

/** The 4×4 homogeneous transform of unit quaternion q/|q| (gl-matrix order x, y, z, w) and translation t. */
function poseMatrix(q: tg.Tensor, t: tg.Tensor): tg.Tensor {
  const u = q.div(q.norm());
  const [x, y, z, w] = [0, 1, 2, 3].map((i) => u.select(0, i));
  const one = tg.ones([], { dtype: 'float64' });
  const zero = tg.zeros([], { dtype: 'float64' });
  const two = (a: tg.Tensor, b: tg.Tensor) => a.mul(b).mul(2);
  const rows = [
    [one.sub(two(y!, y!)).sub(two(z!, z!)), two(x!, y!).sub(two(z!, w!)), two(x!, z!).add(two(y!, w!)), t.select(0, 0)],
    [two(x!, y!).add(two(z!, w!)), one.sub(two(x!, x!)).sub(two(z!, z!)), two(y!, z!).sub(two(x!, w!)), t.select(0, 1)],
    [two(x!, z!).sub(two(y!, w!)), two(y!, z!).add(two(x!, w!)), one.sub(two(x!, x!)).sub(two(y!, y!)), t.select(0, 2)],
    [zero, zero, zero, one],
  ];
  return tg.stack(rows.map((row) => tg.stack(row)));
}

/** Angle (radians) of the rotation taking mat4 `a`'s rotation to `b`'s: atan2 form, accurate near 0. */
function rotationError(a: mat4, b: mat4): number {
  // R = Aᵀ·B on the upper-left 3×3 blocks; element (r, c) of a mat4 is m[4c + r].
  const at = (m: mat4, r: number, c: number) => m[4 * c + r]!;
  const R = [0, 1, 2].map((r) => [0, 1, 2].map((c) => [0, 1, 2].reduce((s, k) => s + at(a, k, r) * at(b, k, c), 0)));
  const s = Math.hypot(R[2]![1]! - R[1]![2]!, R[0]![2]! - R[2]![0]!, R[1]![0]! - R[0]![1]!) / 2;
  const c = (R[0]![0]! + R[1]![1]! + R[2]![2]! - 1) / 2;
  return Math.atan2(s, c);
}

/** Fits the pose for `steps` iterations (default 300); returns the rotation and translation errors. */
export function main(options: { steps?: number } = {}): { rotationError: number; translationError: number; maxEntryError: number; loss: number } {
  const steps = stepCount(300, options.steps);
  tg.manualSeed(0);

  // Ground truth, built with gl-matrix: 1.2 rad about the axis (1, 2, 3), then a translation.
  const axis = vec3.normalize(vec3.create(), vec3.fromValues(1, 2, 3));
  const trueRotation = quat.setAxisAngle(quat.create(), axis, 1.2);
  const trueTranslation = vec3.fromValues(0.5, -1.0, 2.0);
  const truth = mat4.fromRotationTranslation(mat4.create(), trueRotation, trueTranslation);

  // 32 random points in [-1, 1]³ and where the true pose moves them (gl-matrix's transformMat4).
  const points = tg.rand([32, 3], { dtype: 'float64' }).mul(2).sub(1);
  const moved = (points.toArray() as number[][]).map((p) => vec3.transformMat4(vec3.create(), vec3.fromValues(p[0]!, p[1]!, p[2]!), truth));
  const targets = tg.stack(moved.map((v) => fromVec3(v))).double();
  const homogeneous = tg.cat([points, tg.ones([32, 1], { dtype: 'float64' })], 1);
  console.log(`true pose (gl-matrix mat4 via fromMat4):\n${fromMat4(truth).toString()}`);

  // Start from the identity pose.
  const q = new tg.nn.Parameter(tg.tensor([0, 0, 0, 1], { dtype: 'float64' }));
  const t = new tg.nn.Parameter(tg.zeros([3], { dtype: 'float64' }));
  const optimizer = new tg.optim.SGD([q, t], { lr: 0.1, momentum: 0.9 });
  let loss = NaN;
  for (let step = 1; step <= steps; step++) {
    optimizer.zeroGrad();
    const M = poseMatrix(q, t);
    // Rows are points: (M · p)ᵀ = pᵀ · Mᵀ; keep x, y, z.
    const predicted = homogeneous.matmul(M.transpose(0, 1)).narrow(1, 0, 3);
    const l = predicted.sub(targets).pow(2).sum(1).mean();
    l.backward();
    optimizer.step();
    loss = l.item();
    if (step % 50 === 0) console.log(`step ${step}: loss ${loss.toExponential(3)}`);
  }

  // Back to gl-matrix and compare there.
  const estimate = toMat4(tg.noGrad(() => poseMatrix(q, t)));
  console.log(`recovered pose (toMat4, column-major): [${Array.from(estimate as Float32Array, (v) => v.toFixed(4)).join(', ')}]`);
  const rotErr = rotationError(estimate, truth);
  const translationError = vec3.distance(mat4.getTranslation(vec3.create(), estimate), mat4.getTranslation(vec3.create(), truth));
  const maxEntryError = Math.max(...Array.from(estimate as Float32Array, (v, i) => Math.abs(v - truth[i]!)));
  console.log(`final loss: ${loss.toExponential(3)}`);
  console.log(`rotation error: ${rotErr.toExponential(2)} rad, translation error: ${translationError.toExponential(2)}, max |Δ mat4 entry|: ${maxEntryError.toExponential(2)} (${Math.max(rotErr, translationError) < 1e-3 ? 'within' : 'NOT within'} 1e-3)`);
  return { rotationError: rotErr, translationError, maxEntryError, loss };
}

if (isMain(import.meta.url)) main();
