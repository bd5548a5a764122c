/**
 * @file Keeps the guides honest: every ```ts block of the user guides runs (with
 * `import * as tg from 'tensorgrad'` added when it has no import), and a block followed by a
 * ```text block prints exactly that text. Every `src/…` path the docs name must exist.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeBlocks, normalizeOutput, repoRoot, runSnippets } from './snippets.js';

/** Guides whose snippets are whole programs (architecture and adding-an-op quote source instead). */
const runnable = [
  'docs/getting-started.md',
  'docs/tensors.md',
  'docs/autograd.md',
  'docs/nn.md',
  'docs/optim.md',
  'docs/data-and-training.md',
  'docs/saving-and-loading.md',
  'docs/performance.md',
  'docs/porting-from-pytorch.md',
];

const withImport = (code: string): string =>
  /^import\s/m.test(code) ? code : `import * as tg from 'tensorgrad';\n${code}`;

describe.each(runnable)('%s', (file) => {
  const blocks = codeBlocks(readFileSync(join(repoRoot, file), 'utf8')).filter(
    (b) => b.lang === 'ts' || b.lang === 'typescript',
  );
  // One Node process per guide (started while collecting, so the guides run in parallel);
  // each snippet is its own module in it.
  const results = runSnippets(blocks.map((b) => withImport(b.code)));

  it('has snippets', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it.each(blocks.map((b, k) => [`line ${b.line} (${b.heading})`, b, k] as const))(
    'snippet at %s runs and prints what the guide says',
    async (_, block, k) => {
      const result = (await results)[k]!;
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      if (block.expected !== undefined) expect(normalizeOutput(result.stdout)).toBe(normalizeOutput(block.expected));
    },
    120_000,
  );
});

/** Layers the design plans but that may not exist yet; paths in them are not checked. */
const planned = ['src/functional', 'src/nn', 'src/optim', 'src/data', 'src/io', 'src/train'];

describe('source paths named in the docs', () => {
  const docs = ['README.md', ...readdirSync(join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  it.each(docs)('%s names only files and folders that exist', (file) => {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    const paths = [...text.matchAll(/`(src\/[\w./-]+)`/g)].map((m) => m[1]!.replace(/\/$/, ''));
    const missing = [...new Set(paths)].filter(
      (p) => !existsSync(join(repoRoot, p)) && !planned.some((d) => p === d || p.startsWith(`${d}/`)),
    );
    expect(missing).toEqual([]);
  });
});

describe('source quoted in docs/architecture.md', () => {
  // Blocks whose first line is `// src/<file>` quote that file; every other line but `// …` must be in it.
  const blocks = codeBlocks(readFileSync(join(repoRoot, 'docs/architecture.md'), 'utf8')).filter((b) =>
    /^\/\/ src\/\S+\.ts\n/.test(b.code),
  );
  it.each(blocks.map((b) => [b.line, b] as const))('block at line %i matches its file', (_, block) => {
    const [first, ...rest] = block.code.trimEnd().split('\n');
    const source = readFileSync(join(repoRoot, first!.slice(3)), 'utf8');
    const lines = new Set(source.split('\n').map((l) => l.trim()));
    const missing = rest.map((l) => l.trim()).filter((l) => l !== '' && l !== '// …' && !lines.has(l));
    expect(missing).toEqual([]);
  });
});
