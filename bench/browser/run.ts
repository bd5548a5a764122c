/**
 * @file Browser check: bundles bench/browser/page.ts for the browser (esbuild), serves it on
 * localhost, loads it in headless Chromium twice — as an ordinary page and cross-origin
 * isolated (COOP/COEP headers, so `SharedArrayBuffer` exists and the shared-memory module
 * loads) — and prints which kernels ran, the result checks and the timings.
 *
 * Run: `npm run bench:browser` (needs Chromium: `apt-get install chromium`, or set CHROMIUM
 * to a Chrome/Chromium binary). Not part of `npm test`: CI has no browser.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const builtins = join(here, 'shims', 'node-builtins.js');

const bundle = await build({
  entryPoints: [join(here, 'page.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  alias: {
    'node:fs': builtins, 'node:path': builtins, 'node:module': builtins, 'node:url': builtins, 'node:zlib': builtins,
    events: join(here, 'shims', 'events.cjs'), readline: join(here, 'shims', 'readline.cjs'),
  },
  logLevel: 'error',
});
const script = bundle.outputFiles[0]!.contents;
const html = '<!doctype html><html><body>loading<script type="module" src="page.js"></script></body></html>';

const server = createServer((req, res) => {
  const isolated = req.url?.startsWith('/isolated/') ?? false;
  if (isolated) {
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
  }
  if (req.url?.endsWith('/page.js')) res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
  else res.writeHead(200, { 'Content-Type': 'text/html' }).end(html);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as { port: number }).port;

let failed = false;
for (const mode of ['plain', 'isolated'] as const) {
  // Chromium runs asynchronously: this process's event loop serves its requests meanwhile.
  const run = await new Promise<{ stdout: string; stderr: string; error: Error | null }>((resolve) => {
    execFile(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', `http://127.0.0.1:${port}/${mode}/index.html`],
      { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 24 }, (error, stdout, stderr) => resolve({ stdout, stderr, error }));
  });
  const match = /RESULT (\{.*\})/.exec(run.stdout);
  if (match === null) {
    console.log(`${mode}: no result (${run.error?.message ?? 'no error'}); is ${chromium} a Chromium? ${run.stderr.slice(0, 300)}`);
    failed = true;
    continue;
  }
  const report = JSON.parse(match[1]!.replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>'));
  console.log(JSON.stringify({ mode, ...report }));
  const bad = Object.entries(report.checks as Record<string, boolean>).filter(([, ok]) => !ok).map(([k]) => k);
  if (report.error !== undefined || report.kernels !== 'wasm' || bad.length > 0) failed = true;
  console.log(`${mode}: kernels ${report.kernels} (SharedArrayBuffer ${report.sharedArrayBuffer}, ${report.threads} thread), checks ${bad.length === 0 ? 'pass' : `FAIL: ${bad.join(', ')}`}`);
  for (const [name, value] of Object.entries(report.timings as Record<string, number>)) console.log(`  ${name.padEnd(34)} ${value.toPrecision(3)}`);
  if (report.error !== undefined) console.log(report.error);
}
const version = execFileSync(chromium, ['--version'], { encoding: 'utf8' }).trim();
console.log(`browser: ${version}, ${new Date().toISOString()}`);
server.close();
process.exit(failed ? 1 : 0);
