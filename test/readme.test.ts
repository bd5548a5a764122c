/**
 * @file Keeps the README honest: runs its "Quick start" block verbatim (only the `'tensorgrad'`
 * import is pointed at `src/index.ts`) and checks that it prints what the README says it prints.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockUnder, normalizeOutput, pointAtSource, repoRoot, runSnippet } from './docs/snippets.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

describe('README quick start', () => {
  const block = blockUnder(readme, 'Quick start');

  it('imports the package as tg, and nothing is rewritten but that import', () => {
    expect(block.code).toContain("import * as tg from 'tensorgrad';");
    const rewritten = pointAtSource(block.code);
    expect(rewritten).not.toContain("'tensorgrad'");
    expect(rewritten.split('\n').filter((l, i) => l !== block.code.split('\n')[i])).toHaveLength(1);
  });

  it('says what it prints, and the fit it reports learned w = 2, b = 1', () => {
    expect(block.expected).toBeDefined();
    const m = /w = tensor\(\[(-?[\d.]+)\].*b = tensor\(\[(-?[\d.]+)\]/.exec(block.expected!);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeCloseTo(2, 3);
    expect(Number(m![2])).toBeCloseTo(1, 3);
  });

  it('runs without throwing and prints exactly what the README shows', async () => {
    const result = await runSnippet(block.code);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(normalizeOutput(result.stdout)).toBe(normalizeOutput(block.expected!));
  }, 60_000);
});
