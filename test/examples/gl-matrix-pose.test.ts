/**
 * @file Smoke test of `examples/gl-matrix-pose.ts` (a short fit prints its error line), plus
 * the column-major mapping of `src/tensor/gl-matrix-interop.ts` against gl-matrix itself.
 */
import { mat4, quat, vec3 } from 'gl-matrix';
import { describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { fromMat4, fromVec3, toMat4, toVec3 } from '../../src/tensor/gl-matrix-interop.js';
import { main } from '../../examples/gl-matrix-pose.js';
import { runExample } from './run-example.js';

describe('examples/gl-matrix-pose.ts', () => {
  it('fits a few iterations and prints its rotation / translation error line', async () => {
    const { result, lines } = await runExample(() => main({ steps: 20 }));
    expect(lines).toContainEqual(expect.stringMatching(/^rotation error: \S+ rad, translation error: \S+, max \|Δ mat4 entry\|: \S+ \((within|NOT within) 1e-3\)$/));
    expect(Number.isFinite(result.rotationError)).toBe(true);
    expect(Number.isFinite(result.translationError)).toBe(true);
  });
});

describe('gl-matrix interop', () => {
  const m = mat4.fromRotationTranslation(mat4.create(), quat.setAxisAngle(quat.create(), [0, 0, 1], Math.PI / 2), [1, 2, 3]);

  it('fromMat4 gives the matrix as written (row r, column c), viewing a Float32Array', () => {
    const t = fromMat4(m);
    expect(t.shape).toEqual([4, 4]);
    expect(t.select(1, 3).toArray()).toEqual([1, 2, 3, 1]); // translation in the last column
    // Rotating x by 90° about z gives y, as gl-matrix's transformMat4 does.
    const p = t.matmul(tg.tensor([[1], [0], [0], [1]])).flatten().toArray() as number[];
    const q = vec3.transformMat4(vec3.create(), [1, 0, 0], m);
    p.slice(0, 3).forEach((v, i) => expect(v).toBeCloseTo(q[i]!, 6));
    const shared = mat4.create();
    const view = fromMat4(shared);
    shared[12] = 7; // column 3, row 0
    expect((view.toArray() as number[][])[0]![3]).toBe(7);
  });

  it('toMat4 inverts fromMat4; vec3 round-trips', () => {
    expect(Array.from(toMat4(fromMat4(m)) as Float32Array)).toEqual(Array.from(m));
    expect(Array.from(toMat4(tg.eye(4)) as Float32Array)).toEqual(Array.from(mat4.create()));
    expect(Array.from(toMat4(fromMat4(Array.from(m))) as Float32Array)).toEqual(Array.from(m));
    expect(Array.from(toVec3(fromVec3(vec3.fromValues(1, 2, 3))) as Float32Array)).toEqual([1, 2, 3]);
    expect(() => toMat4(tg.zeros([3, 3]))).toThrow(/shape \[4, 4\]/);
    expect(() => fromVec3([1, 2] as unknown as vec3)).toThrow(/3 numbers/);
  });
});
