/**
 * @file `History` (records, keys, Keras spellings), its SVG charts, and the progress bar.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import * as tg from '../../src/index.js';
import * as train from '../../src/train/index.js';
import { createProgress, formatLogs, formatValue, progressMode } from '../../src/train/progress.js';
import { Xor, xorData } from './models.js';

const dir = mkdtempSync(join(tmpdir(), 'tensorgrad-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('History', () => {
  it('records one value per epoch and key, NaN where a key is missing', () => {
    const h = new train.History();
    h.record(0, { loss: 1 });
    h.record(1, { loss: 0.5, valLoss: 0.7 });
    h.record(2, { valLoss: 0.6 });
    expect(h.epoch).toEqual([0, 1, 2]);
    expect(h.history).toEqual({ loss: [1, 0.5, NaN], valLoss: [NaN, 0.7, 0.6] });
    expect(h.get('val_loss')).toEqual([NaN, 0.7, 0.6]);
    expect(() => h.get('accuracy')).toThrow(/nothing was logged as 'accuracy'; logged keys: loss, valLoss/);
  });

  it('plot writes an SVG line chart with a panel per quantity and every series named', async () => {
    const model = new Xor();
    const ds = xorData(32, 4);
    const batches = [[ds.tensors[0], ds.tensors[1]]] as const;
    const history = await train.fit(model, batches, {
      optimizer: new tg.optim.Adam(model.parameters(), { lr: 0.05 }), loss: tg.F.crossEntropy,
      epochs: 3, metrics: ['accuracy'], validation: batches, quiet: true,
    });
    const path = join(dir, 'history.svg');
    await history.plot(path, { title: 'xor run' });
    const svg = readFileSync(path, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    for (const name of ['loss', 'valLoss', 'accuracy', 'valAccuracy', 'xor run']) expect(svg).toContain(`>${name}</text>`);
    expect(svg).not.toContain('>lr</text>');
    // Two panels of two lines each.
    expect(svg.match(/class="mark-line role-mark[^"]*"/g)?.length).toBe(4);
    const spec = history.toVegaLite({ keys: ['loss', 'lr'] });
    expect(JSON.stringify(spec)).toContain('"series":"lr"');
    expect(() => new train.History().toVegaLite()).toThrow(/nothing to plot/);
  }, 15_000);
});

describe('progress output', () => {
  it('picks a bar on a terminal, lines when piped or on CI, nothing when quiet', () => {
    const tty = { isTTY: true } as NodeJS.WriteStream;
    const pipe = { isTTY: false } as NodeJS.WriteStream;
    expect(progressMode(undefined, tty, {})).toBe('bar');
    expect(progressMode(false, tty, { CI: 'true' })).toBe('lines');
    expect(progressMode(false, tty, { CI: 'false' })).toBe('bar');
    expect(progressMode(undefined, pipe, {})).toBe('lines');
    expect(progressMode(true, tty, {})).toBe('none');
  });

  it('formats numbers and logs compactly, lr last', () => {
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(1e-5)).toBe('1.00e-5');
    expect(formatLogs({ lr: 0.01, loss: 0.5, accuracy: 1 })).toBe('loss 0.5000 · accuracy 1.0000 · lr 0.0100');
  });

  it('draws a cli-progress bar with the epoch, batches, logs and items/s, left on screen per epoch', () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 200 });
    let text = '';
    stream.on('data', (d: Buffer) => (text += d.toString()));
    const progress = createProgress('bar', 2, stream);
    progress.epochBegin(0, 4);
    progress.batch(1, { loss: 0.5 }, 100);
    progress.epochEnd(4, { loss: 0.25, valLoss: 0.3, lr: 0.1 }, 0.1, 1234);
    progress.stop();
    const plain = text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    expect(plain).toContain('Epoch 1/2');
    expect(plain).toMatch(/4\/4 \| loss 0\.2500 · valLoss 0\.3000 · lr 0\.1000 \| 1234 items\/s/);
    expect(plain.endsWith('\n')).toBe(true);
  });
});
