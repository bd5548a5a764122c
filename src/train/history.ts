/**
 * @file `History`: what `fit` returns — every logged number per epoch — with line charts of
 * it as a Vega-Lite spec, an SVG string or an SVG file.
 */
import { writeFileSync } from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';
import { TensorError } from '../core/errors.js';
import { canonicalKey } from './metrics.js';
import { historySpec, renderSVG, type PlotOptions } from './plot.js';
import type { Logs } from './types.js';

/**
 * The numbers logged per epoch by `fit` (Keras's `History`): `history.history.loss[e]` is the
 * mean training loss of epoch `e`; likewise each metric, the validation values (`valLoss`,
 * `valAccuracy`, …) and `lr`, the learning rate the epoch trained with. A key missing from
 * some epoch's logs holds `NaN` there, so every series has one value per epoch.
 *
 * @example
 * ```ts
 * const h = new tg.train.History();
 * h.record(0, { loss: 1, valLoss: 1.5 });
 * h.record(1, { loss: 0.5, valLoss: 0.9 });
 * h.get('val_loss'); // [1.5, 0.9]
 * h.keys;            // ['loss', 'valLoss']
 * ```
 */
export class History {
  /** The epochs recorded, from 0. */
  readonly epoch: number[] = [];
  /** Every series by key, one value per recorded epoch. */
  readonly history: Record<string, number[]> = {};

  /**
   * Appends one epoch's logs (what `fit` does after each epoch).
   *
   * @example
   * ```ts
   * const h = new tg.train.History();
   * h.record(0, { loss: 0.3 });
   * h.history.loss; // [0.3]
   * ```
   */
  record(epoch: number, logs: Logs): void {
    const n = this.epoch.length;
    for (const key of Object.keys(logs)) this.history[key] ??= new Array<number>(n).fill(Number.NaN);
    for (const [key, series] of Object.entries(this.history)) series.push(logs[key] ?? Number.NaN);
    this.epoch.push(epoch);
  }

  /**
   * The logged keys, in the order they first appeared.
   *
   * @example
   * ```ts
   * const h = new tg.train.History();
   * h.record(0, { loss: 1, accuracy: 0.5 });
   * h.keys; // ['loss', 'accuracy']
   * ```
   */
  get keys(): string[] {
    return Object.keys(this.history);
  }

  /**
   * One series by key (`'valLoss'`, or Keras's `'val_loss'`); throws for a key never logged.
   *
   * @example
   * ```ts
   * const h = new tg.train.History();
   * h.record(0, { loss: 2 });
   * h.get('loss'); // [2]
   * h.get('accuracy'); // throws
   * ```
   */
  get(key: string): number[] {
    const series = this.history[canonicalKey(key)];
    if (series === undefined) throw new TensorError(`History.get: nothing was logged as '${key}'; logged keys: ${this.keys.join(', ') || 'none'}`);
    return series;
  }

  /**
   * A Vega-Lite spec of the history: one panel per quantity (the loss, each metric), its
   * training and validation series as lines over the epochs (numbered from 1).
   *
   * @example
   * ```ts
   * const h = new tg.train.History();
   * h.record(0, { loss: 1, valLoss: 1.2 });
   * const spec = h.toVegaLite({ title: 'training' });
   * ```
   */
  toVegaLite(options: PlotOptions = {}): TopLevelSpec {
    const keys = (options.keys ?? this.keys.filter((k) => k !== 'lr')).map((k) => canonicalKey(k));
    const series = new Map(keys.map((k) => [k, this.get(k)] as const));
    if (series.size === 0) throw new TensorError('History.toVegaLite: nothing to plot; no series was logged');
    return historySpec(this.epoch, series, options);
  }

  /**
   * The chart of `toVegaLite` as an SVG document, rendered by Vega in Node.
   *
   * @example
   * ```ts
   * const h = new tg.train.History();
   * h.record(0, { loss: 1 });
   * h.record(1, { loss: 0.4 });
   * const svg = await h.toSVG();
   * svg.startsWith('<svg'); // true
   * ```
   */
  async toSVG(options: PlotOptions = {}): Promise<string> {
    return renderSVG(this.toVegaLite(options));
  }

  /**
   * Writes the chart of `toVegaLite` to `path` as an SVG file.
   *
   * @example
   * ```ts
   * import { tmpdir } from 'node:os';
   * import { join } from 'node:path';
   * import * as tg from 'tensorgrad';
   *
   * const h = new tg.train.History();
   * h.record(0, { loss: 1, valLoss: 1.1 });
   * h.record(1, { loss: 0.5, valLoss: 0.7 });
   * await h.plot(join(tmpdir(), 'tensorgrad-history.svg'));
   * ```
   */
  async plot(path: string, options: PlotOptions = {}): Promise<void> {
    writeFileSync(path, await this.toSVG(options));
  }
}
