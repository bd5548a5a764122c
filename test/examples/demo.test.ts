/**
 * @file Smoke test of `examples/demo.ts` (`npm run demo`): runs one epoch into a temporary folder
 * and checks its result line and the files it writes (the full run is in examples/README.md).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import { main } from '../../examples/demo.js';
import { runExample } from './run-example.js';

describe('examples/demo.ts', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'tg-demo-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('trains one epoch, prints its test accuracy and writes the chart and the weights', async () => {
    const { result, lines } = await runExample(() => main({ steps: 1, outDir, quiet: true }));
    expect(lines).toContainEqual(expect.stringMatching(/^test accuracy: \d+\.\d\d%$/));
    // One epoch of Adam already beats chance by far.
    expect(result.testAccuracy).toBeGreaterThan(0.5);
    expect(readFileSync(result.plotPath, 'utf8')).toMatch(/^<svg/);
    expect(existsSync(result.weightsPath)).toBe(true);
    expect(Object.keys(tg.io.load(result.weightsPath)).sort()).toEqual(['1.bias', '1.weight', '3.bias', '3.weight']);
  }, 20_000);
});
