/**
 * @file Smoke test of `examples/regression-regularisation.ts`: runs it with a tiny step count and checks that it
 * completes and prints its result line (the full run and its target are in examples/README.md).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../examples/regression-regularisation.js';
import { runExample } from './run-example.js';

describe('examples/regression-regularisation.ts', () => {
  it('fits every variant for a few epochs and prints their coefficients', async () => {
    const { result, lines } = await runExample(() => main({ steps: 2 }));
    expect(result.fits.map((f) => f.variant)).toEqual(['no penalty', 'L2 (weightDecay)', 'L1 (in the loss)', 'clipGradNorm_', 'EMA of weights']);
    for (const fit of result.fits) {
      expect(fit.coefficients).toHaveLength(10);
      expect(lines).toContainEqual(expect.stringContaining(`${fit.variant.padEnd(18)} [`));
    }
    expect(lines).toContainEqual(expect.stringMatching(/^linear regression: y = /));
    expect(lines).toContainEqual(expect.stringMatching(/^lowest test MSE: \d+\.\d{4}/));
  });
});
