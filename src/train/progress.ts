/**
 * @file What `fit` prints. On an interactive terminal: a `cli-progress` bar per epoch with the
 * batch count, the running loss and metrics and the throughput, left on screen with the
 * epoch's final numbers. Elsewhere (output piped, or `CI` set): one summary line per epoch.
 * With `quiet: true`: nothing.
 */
import { SingleBar } from 'cli-progress';
import type { Logs } from './types.js';

/** How `fit` reports progress. */
export type ProgressMode = 'bar' | 'lines' | 'none';

/** The reporter `fit` drives. */
export interface Progress {
  epochBegin(epoch: number, batches: number | undefined): void;
  batch(done: number, logs: Logs, itemsPerSecond: number): void;
  epochEnd(done: number, logs: Logs, seconds: number, itemsPerSecond: number): void;
  stop(): void;
}

/** The mode for `quiet`, the output stream and the environment. */
export function progressMode(quiet: boolean | undefined, stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): ProgressMode {
  if (quiet === true) return 'none';
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  return stream.isTTY === true && !ci ? 'bar' : 'lines';
}

/** A logged number, short: 4 decimals in a readable range, otherwise 3 significant digits. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a === 0 || (a >= 1e-3 && a < 1e5) ? v.toFixed(4) : v.toExponential(2);
}

/** `loss 0.1234 · accuracy 0.9000`, `lr` last. */
export function formatLogs(logs: Logs): string {
  const keys = Object.keys(logs).filter((k) => k !== 'lr');
  if ('lr' in logs) keys.push('lr');
  return keys.map((k) => `${k} ${formatValue(logs[k]!)}`).join(' · ');
}

const rate = (itemsPerSecond: number): string => (Number.isFinite(itemsPerSecond) ? itemsPerSecond.toFixed(0) : '-');

const silent: Progress = { epochBegin() {}, batch() {}, epochEnd() {}, stop() {} };

/** One line per epoch on `stream`. */
function lines(epochs: number, stream: NodeJS.WritableStream): Progress {
  let epoch = 0;
  return {
    epochBegin(e) {
      epoch = e;
    },
    batch() {},
    epochEnd(done, logs, seconds, itemsPerSecond) {
      const head = `Epoch ${epoch + 1}/${epochs} - ${done} batches - ${seconds.toFixed(1)}s - ${rate(itemsPerSecond)} items/s`;
      stream.write(`${head} - ${formatLogs(logs)}\n`);
    },
    stop() {},
  };
}

/** A `cli-progress` bar per epoch on `stream`. */
function bars(epochs: number, stream: NodeJS.WritableStream): Progress {
  let bar: SingleBar | null = null;
  let epoch = 0;
  return {
    epochBegin(e, batches) {
      epoch = e;
      const known = batches !== undefined && batches > 0;
      const counter = known ? '{bar} {value}/{total}' : 'batch {value}';
      bar = new SingleBar({
        format: `Epoch {epoch}/{epochs} ${counter} | {logs} | {speed} items/s | {duration_formatted}`,
        stream,
        barsize: 24,
        hideCursor: false,
        clearOnComplete: false,
        gracefulExit: true,
        fps: 10,
        barCompleteChar: '\u2588',
        barIncompleteChar: '\u2591',
      });
      bar.start(known ? batches : 0, 0, { epoch: epoch + 1, epochs, logs: '', speed: '-' });
    },
    batch(done, logs, itemsPerSecond) {
      bar?.update(done, { logs: formatLogs(logs), speed: rate(itemsPerSecond) });
    },
    epochEnd(done, logs, _seconds, itemsPerSecond) {
      bar?.update(done, { logs: formatLogs(logs), speed: rate(itemsPerSecond) });
      bar?.stop();
      bar = null;
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

/** The reporter for `mode`. */
export function createProgress(mode: ProgressMode, epochs: number, stream: NodeJS.WritableStream = process.stdout): Progress {
  if (mode === 'none') return silent;
  return mode === 'bar' ? bars(epochs, stream) : lines(epochs, stream);
}
