/**
 * @file Summarizes a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most
 * self time, with file:line, as a plain-text table.
 *
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [top=25]`
 *
 * Under tsx, profiled line numbers are those of the transpiled code. For exact TypeScript
 * lines, build with tsc (`npx tsc -p . --outDir /tmp/tgbuild`), profile the emitted
 * `bench/profile-chain.js` with plain node, and this maps frames through the `.js.map` files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (file === undefined) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
const top = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

const maps = new Map<string, SourceMap | null>();

/** `file:line` of a frame, mapped to the TypeScript source when a `.js.map` sits beside it. */
function locate(frame: CallFrame): string {
  if (frame.url === '') return '';
  const path = frame.url.startsWith('file:') ? fileURLToPath(frame.url) : frame.url;
  let map = maps.get(path);
  if (map === undefined) {
    map = existsSync(`${path}.map`) ? new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')) as SourceMapPayload) : null;
    maps.set(path, map);
  }
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber);
  if (entry !== undefined && 'originalSource' in entry) {
    return `${entry.originalSource.replace(/^.*?((src|bench)\/)/, '$1')}:${entry.originalLine + 1}`;
  }
  return `${path.replace(/^.*\/work\/main\//, '')}:${frame.lineNumber + 1}`;
}

const byId = new Map<number, ProfileNode>();
for (const n of profile.nodes) byId.set(n.id, n);
const selfMicros = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  const frame = byId.get(id)?.callFrame;
  if (frame === undefined) return;
  const key = `${frame.functionName || '(anonymous)'}  ${locate(frame)}`;
  selfMicros.set(key, (selfMicros.get(key) ?? 0) + dt);
  total += dt;
});

const rows = [...selfMicros.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
process.stdout.write(`total sampled: ${(total / 1e3).toFixed(0)} ms\n`);
for (const [key, us] of rows) {
  process.stdout.write(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1e3).toFixed(0).padStart(6)} ms  ${key}\n`);
}
