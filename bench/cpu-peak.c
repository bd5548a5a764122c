/*
 * The CPU's 128-bit SIMD peak, for docs/performance.md: the clock (a chain of dependent integer
 * adds retires one per cycle) and the throughput of independent 4-wide float multiplies, adds
 * and fused multiply-adds on xmm registers, from which the f32x4 peak follows.
 *
 * Build and run (x86-64 with FMA): gcc -O2 -o /tmp/cpu-peak bench/cpu-peak.c && /tmp/cpu-peak
 */
#include <stdio.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

#define N 100000000L
#define REGS "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13"
/* Twelve independent accumulators, so the latency of one instruction never limits the rate. */
#define TWELVE(op) \
  op " %%xmm12,%%xmm13,%%xmm0\n" op " %%xmm12,%%xmm13,%%xmm1\n" op " %%xmm12,%%xmm13,%%xmm2\n" op " %%xmm12,%%xmm13,%%xmm3\n" \
  op " %%xmm12,%%xmm13,%%xmm4\n" op " %%xmm12,%%xmm13,%%xmm5\n" op " %%xmm12,%%xmm13,%%xmm6\n" op " %%xmm12,%%xmm13,%%xmm7\n" \
  op " %%xmm12,%%xmm13,%%xmm8\n" op " %%xmm12,%%xmm13,%%xmm9\n" op " %%xmm12,%%xmm13,%%xmm10\n" op " %%xmm12,%%xmm13,%%xmm11\n"

int main(void) {
  double t = now();
  long x = 0;
  for (long i = 0; i < N; i += 8)
    __asm__ volatile("add $1,%0\n add $1,%0\n add $1,%0\n add $1,%0\n add $1,%0\n add $1,%0\n add $1,%0\n add $1,%0" : "+r"(x));
  double ghz = N / (now() - t) / 1e9;
  printf("clock: %.2f GHz (dependent integer adds)\n", ghz);

  t = now();
  for (long i = 0; i < N; i++) __asm__ volatile(TWELVE("vmulps") ::: REGS);
  double mul = 12.0 * N / (now() - t) / (ghz * 1e9);
  t = now();
  for (long i = 0; i < N; i++) __asm__ volatile(TWELVE("vaddps") ::: REGS);
  double add = 12.0 * N / (now() - t) / (ghz * 1e9);
  t = now();
  for (long i = 0; i < N; i++) __asm__ volatile(TWELVE("vfmadd231ps") ::: REGS);
  double fma = 12.0 * N / (now() - t) / (ghz * 1e9);
  printf("per cycle: %.2f vmulps, %.2f vaddps, %.2f vfmadd231ps (xmm, 4 floats each)\n", mul, add, fma);
  /* A product needs a multiply per multiply-add: the multiply (or FMA) rate bounds it. */
  double flops = 2 * 4 * (mul < fma ? fma : mul);
  printf("f32x4 matrix-product peak: %.1f flop/cycle = %.1f GFLOP/s per core\n", flops, flops * ghz);
  return 0;
}
