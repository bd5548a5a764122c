/**
 * @file CPU matrix product of strided operands into a contiguous row-major output.
 */
import type { TypedArray } from '../../core/dtype.js';

/**
 * `out[outOff + i*N + j] = Σ_k A[i,k]·B[k,j]` where `A[i,k] = a[aOff + i*aRs + k*aCs]`
 * and `B[k,j] = b[bOff + k*bRs + j*bCs]`. Any strides (transposed views need no copy).
 */
export function matmulKernel(
  a: TypedArray, aOff: number, aRs: number, aCs: number,
  b: TypedArray, bOff: number, bRs: number, bCs: number,
  out: TypedArray, outOff: number, M: number, N: number, K: number,
): void {
  const row = new Float64Array(N);
  for (let i = 0; i < M; i++) {
    row.fill(0);
    for (let k = 0; k < K; k++) {
      const av = a[aOff + i * aRs + k * aCs]!;
      if (av === 0) continue;
      for (let j = 0, pb = bOff + k * bRs; j < N; j++, pb += bCs) row[j]! += av * b[pb]!;
    }
    for (let j = 0; j < N; j++) out[outOff + i * N + j] = row[j]!;
  }
}
