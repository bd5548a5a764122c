/**
 * @file Runs the TypeScript snippets of the README and the guides in `docs/` as a user would:
 * each in a fresh Node process (through tsx), with the package import pointed at
 * `src/index.ts`. A snippet directly followed by a ```text block must print exactly that text.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `file://` URL of the public entry point the snippets import instead of `'tensorgrad'`. */
export const indexUrl = pathToFileURL(join(repoRoot, 'src/index.ts')).href;

/** A fenced code block of a markdown file. */
export interface CodeBlock {
  /** The info string's first word (`ts`, `text`, `bash`, …). */
  readonly lang: string;
  /** The block's content, without the fences. */
  readonly code: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The nearest heading above the block (without the `#`s). */
  readonly heading: string;
  /** The ```text block that directly follows (blank lines or one line ending in `:` between), if any. */
  expected?: string;
}

/** Every fenced block of `markdown`, in order, each with the text block it is said to print. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  const ends: number[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const h = /^#{1,6}\s+(.*)$/.exec(line);
    if (h) heading = h[1]!.trim();
    const open = /^```(\S*)/.exec(line);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    blocks.push({ lang: open[1]!.toLowerCase(), code: body.join('\n') + '\n', line: start + 1, heading });
    ends.push(i);
  }
  for (let k = 1; k < blocks.length; k++) {
    const prev = blocks[k - 1]!;
    const cur = blocks[k]!;
    if (cur.lang !== 'text' || (prev.lang !== 'ts' && prev.lang !== 'typescript')) continue;
    const between = lines.slice(ends[k - 1]! + 1, cur.line - 1).filter((l) => l.trim() !== '');
    if (between.length === 0 || (between.length === 1 && between[0]!.trim().endsWith(':'))) prev.expected = cur.code;
  }
  return blocks;
}

/** The first ```ts block under the heading `heading`, verbatim. */
export function blockUnder(markdown: string, heading: string): CodeBlock {
  const block = codeBlocks(markdown).find((b) => b.heading === heading && (b.lang === 'ts' || b.lang === 'typescript'));
  if (block === undefined) throw new Error(`no \`\`\`ts block under the heading "${heading}"`);
  return block;
}

/** `code` with the `'tensorgrad'` import specifier replaced by the URL of `src/index.ts` (nothing else changes). */
export function pointAtSource(code: string): string {
  return code.replace(/(\bfrom\s*)(['"])tensorgrad\2/g, (_, from: string, q: string) => `${from}${q}${indexUrl}${q}`);
}

/** What a snippet run printed. */
export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  /** The exit code (0 when the snippet ran without throwing). */
  readonly code: number;
}

const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const marker = (k: number): string => `@@tensorgrad-snippet ${k}@@`;

/** Splits a stream of the runner's output at the markers it wrote before each snippet. */
function splitAtMarkers(text: string, n: number): string[] {
  const parts: string[] = [];
  for (let k = 0; k < n; k++) {
    const start = text.indexOf(`${marker(k)}\n`);
    const end = k + 1 < n ? text.indexOf(`${marker(k + 1)}\n`) : -1;
    parts.push(start < 0 ? '' : text.slice(start + marker(k).length + 1, end < 0 ? undefined : end));
  }
  return parts;
}

/**
 * Runs TypeScript snippets (their `'tensorgrad'` import pointed at `src/`) one after another in
 * one fresh Node process, each as its own ES module; returns what each printed and whether it threw.
 */
export function runSnippets(codes: readonly string[]): Promise<RunResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-snippet-'));
  // .mts: an ES module wherever the temp dir is, as the snippet would be in an ESM project.
  codes.forEach((code, k) => writeFileSync(join(dir, `snippet-${k}.mts`), pointAtSource(code)));
  const runner = join(dir, 'runner.mjs');
  writeFileSync(
    runner,
    [
      `for (let k = 0; k < ${codes.length}; k++) {`,
      `  const m = \`@@tensorgrad-snippet \${k}@@\\n\`;`,
      '  process.stdout.write(m);',
      '  process.stderr.write(m);',
      '  try {',
      '    await import(`./snippet-${k}.mts`);',
      '  } catch (e) {',
      "    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\\n@@threw@@\\n`);",
      '    process.exitCode = 1;',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', tsxLoader, runner],
      { cwd: repoRoot, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_NO_WARNINGS: '1' } },
      (error, stdout, stderr) => {
        rmSync(dir, { recursive: true, force: true });
        const outs = splitAtMarkers(stdout, codes.length);
        const errs = splitAtMarkers(stderr, codes.length);
        done(
          codes.map((_, k) => {
            const reached = stdout.includes(`${marker(k)}\n`);
            const threw = errs[k]!.includes('@@threw@@');
            const err = errs[k]!.replace('@@threw@@\n', '');
            // A snippet the runner never reached (a crash before it) reports the whole stderr.
            if (!reached) return { stdout: '', stderr: err || stderr || String(error), code: 1 };
            return { stdout: outs[k]!, stderr: err, code: threw ? 1 : 0 };
          }),
        );
      },
    );
  });
}

/** Runs one TypeScript snippet (its `'tensorgrad'` import pointed at `src/`) in a fresh Node process. */
export async function runSnippet(code: string): Promise<RunResult> {
  return (await runSnippets([code]))[0]!;
}

/** Trailing spaces and trailing blank lines removed, so output and markdown compare fairly. */
export function normalizeOutput(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n+$/, '');
}

/**
 * Type-checks snippets as strict TypeScript ES modules, with `'tensorgrad'` mapped to
 * `src/index.ts` as a user's project sees the published types. Returns the diagnostics of the
 * snippets themselves (errors inside `src/` are `npm run typecheck`'s business), each prefixed
 * with the snippet's name.
 */
export function typecheckSnippets(snippets: Readonly<Record<string, string>>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-typecheck-'));
  const files = Object.entries(snippets).map(([name, code], k) => {
    const file = `snippet-${k}.mts`;
    writeFileSync(join(dir, file), code);
    return [file, name] as const;
  });
  const config = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2022', 'DOM'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(repoRoot, 'node_modules/@types')],
      paths: { tensorgrad: [join(repoRoot, 'src/index.ts')] },
    },
    files: files.map(([file]) => file),
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  return new Promise((done) => {
    execFile(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: dir, encoding: 'utf8', timeout: 120_000 }, (_, stdout) => {
      rmSync(dir, { recursive: true, force: true });
      const names = new Map(files);
      const diagnostics = stdout
        .split('\n')
        .filter((l) => /^snippet-\d+\.mts\(/.test(l))
        .map((l) => {
          const file = l.slice(0, l.indexOf('('));
          return `${names.get(file)}${l.slice(file.length)}`;
        });
      done(diagnostics);
    });
  });
}
