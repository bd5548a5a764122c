/**
 * @file `docs/gradient-coverage.md` is generated: it must equal a fresh render of the checkOp
 * calls and the NON_DIFFERENTIABLE list (`test/docs/coverage-table.ts`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageDoc, renderCoverage, scanCheckOps, scanNonDifferentiable } from './coverage-table.js';
import { repoRoot } from './snippets.js';

describe('gradient-coverage table', () => {
  it('finds the checkOp calls and the non-differentiable list', () => {
    const calls = scanCheckOps();
    expect(calls.length).toBeGreaterThan(100);
    expect(calls.map((c) => c.name)).toEqual(expect.arrayContaining(['add', 'matmul', 'F.crossEntropy']));
    expect(calls.some((c) => !c.float32)).toBe(true);
    expect(Object.fromEntries(scanNonDifferentiable())).toMatchObject({ eq: 'comparison: bool result', noGrad: 'grad mode' });
  });

  it(`${coverageDoc} is up to date`, () => {
    const committed = readFileSync(join(repoRoot, coverageDoc), 'utf8');
    expect(committed === renderCoverage(), `${coverageDoc} is stale: run \`npx tsx test/docs/coverage-table.ts\``).toBe(true);
  });
});
