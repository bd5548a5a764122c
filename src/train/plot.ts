/**
 * @file Charts of a training history: a Vega-Lite spec with one panel per quantity (the loss,
 * each metric), training and validation series as lines, rendered to SVG in Node by Vega
 * (loaded on first use, so importing tensorgrad does not load it).
 */
import type { TopLevelSpec } from 'vega-lite';

/** Options of `History.toVegaLite`, `History.toSVG` and `History.plot`. */
export interface PlotOptions {
  /** Series to draw (default: every logged key but `lr`); Keras's `val_loss` spelling is accepted. */
  keys?: readonly string[];
  /** Chart title (default none). */
  title?: string;
  /** Width of each panel in pixels (default 400). */
  width?: number;
  /** Height of each panel in pixels (default 160). */
  height?: number;
}

/** One point of the chart. */
interface Point {
  readonly epoch: number;
  /** The panel: the quantity without its `val` prefix (`loss`, `accuracy`, …). */
  readonly quantity: string;
  /** The series: the logged key (`loss`, `valLoss`, …). */
  readonly series: string;
  readonly value: number;
}

/** The panel a logged key belongs to: `valLoss` → `loss`, `valAccuracy` → `accuracy`. */
function quantityOf(key: string): string {
  const m = /^val([A-Z].*)$/.exec(key);
  return m ? m[1]!.charAt(0).toLowerCase() + m[1]!.slice(1) : key;
}

/**
 * The Vega-Lite spec of `series` (key → value per epoch; epochs numbered from 1 on the x axis,
 * non-finite values left out): one row per quantity, each with its own y scale. @internal
 */
export function historySpec(epochs: readonly number[], series: ReadonlyMap<string, readonly number[]>, options: PlotOptions = {}): TopLevelSpec {
  const values: Point[] = [];
  for (const [key, ys] of series) {
    ys.forEach((value, i) => {
      if (Number.isFinite(value)) values.push({ epoch: epochs[i]! + 1, quantity: quantityOf(key), series: key, value });
    });
  }
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(options.title === undefined ? {} : { title: options.title }),
    data: { values },
    facet: { row: { field: 'quantity', type: 'nominal', title: null, sort: [...new Set(values.map((p) => p.quantity))] } },
    spec: {
      width: options.width ?? 400,
      height: options.height ?? 160,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        color: { field: 'series', type: 'nominal', title: null, sort: [...series.keys()] },
      },
    },
    resolve: { scale: { y: 'independent' } },
    config: { background: 'white' },
  };
  return spec;
}

/** Renders a Vega-Lite spec to an SVG document (headless: no canvas or browser needed). @internal */
export async function renderSVG(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
