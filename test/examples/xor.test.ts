/**
 * @file Smoke test of `examples/xor.ts`: runs it with a tiny step count and checks that it
 * completes and prints its result line (the full run and its target are in examples/README.md).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { main } from '../../examples/xor.js';
import { runExample } from './run-example.js';

describe('examples/xor.ts', () => {
  it('trains a few steps and prints its accuracy line', async () => {
    const { result, lines } = await runExample(() => main({ steps: 20 }));
    expect(lines).toContainEqual(expect.stringMatching(/^train accuracy: \d+\.\d\d%$/));
    expect(result.accuracy).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(result.loss)).toBe(true);
  });

  it('runs from the command line with --steps', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/xor.ts', '--steps', '20'], { encoding: 'utf8' });
    expect(out).toMatch(/^train accuracy: \d+\.\d\d%$/m);
  }, 20_000);

  it('reads TG_EXAMPLE_STEPS', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/xor.ts'], { encoding: 'utf8', env: { ...process.env, TG_EXAMPLE_STEPS: '3' } });
    expect(out).not.toMatch(/^step 100:/m);
    expect(out).toMatch(/^train accuracy: \d+\.\d\d%$/m);
  }, 20_000);
});
