/**
 * @file Smoke test of `examples/higher-order.ts`: runs it with a tiny step count and checks that it
 * completes and prints its result line (the full run and its target are in examples/README.md).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../examples/higher-order.js';
import { runExample } from './run-example.js';

describe('examples/higher-order.ts', () => {
  it('checks the Hessian-vector product, runs a few critic steps and prints its summary line', async () => {
    const { result, lines } = await runExample(() => main({ steps: 5 }));
    expect(result.hvpError).toBeLessThan(1e-10);
    expect(result.hessianError).toBeLessThan(1e-10);
    expect(result.gpGradcheck).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/^Hessian-vector product max error: .*final mean gradient norm at interpolates: \d+\.\d{3}/));
  });
});
