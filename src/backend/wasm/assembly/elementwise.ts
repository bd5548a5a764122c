// Placeholder elementwise kernels (replaced by the vectorised math kernels).

/** `y[i] = x[i] * s` for `n` float32 values (x may equal y). */
export function scale_f32(x: usize, y: usize, n: i32, s: f32): void {
  const vs = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.mul(v128.load(x + o), vs));
  }
  for (; i < n; i++) store<f32>(y + (<usize>i << 2), load<f32>(x + (<usize>i << 2)) * s);
}
