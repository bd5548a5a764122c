/**
 * @file The README's quick start and every guide snippet compile as strict TypeScript against
 * the public types (`'tensorgrad'` mapped to `src/index.ts`), so no snippet relies on a type
 * error that tsx would silently strip.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { blockUnder, codeBlocks, repoRoot, typecheckSnippets } from './snippets.js';

const guides = [
  'docs/getting-started.md', 'docs/tensors.md', 'docs/autograd.md', 'docs/nn.md', 'docs/optim.md',
  'docs/data-and-training.md', 'docs/saving-and-loading.md', 'docs/performance.md', 'docs/porting-from-pytorch.md',
];

it('README and guide snippets type-check under strict', async () => {
  const snippets: Record<string, string> = {
    'README.md (Quick start)': blockUnder(readFileSync(join(repoRoot, 'README.md'), 'utf8'), 'Quick start').code,
  };
  for (const file of guides) {
    for (const b of codeBlocks(readFileSync(join(repoRoot, file), 'utf8'))) {
      if (b.lang !== 'ts' && b.lang !== 'typescript') continue;
      snippets[`${file}:${b.line}`] = /^import\s/m.test(b.code) ? b.code : `import * as tg from 'tensorgrad';\n${b.code}`;
    }
  }
  expect(await typecheckSnippets(snippets)).toEqual([]);
}, 120_000);
