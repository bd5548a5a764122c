import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('API docs', () => {
  // A full build (rendering included: some warnings, like unhighlighted code, only appear then).
  it('typedoc builds without warnings', () => {
    const run = spawnSync(process.execPath, [`${root}/node_modules/typedoc/bin/typedoc`, '--out', join(mkdtempSync(join(tmpdir(), 'tg-docs-')), 'api')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    // typedoc prints warnings on stderr and its summary on stdout.
    const lines = `${run.stdout}\n${run.stderr}`.split('\n');
    expect(lines.filter((l) => /\[(warning|error)\]/.test(l))).toEqual([]);
    expect(run.status).toBe(0);
  }, 60_000);
});
