/**
 * @file Grad mode: whether ops record the graph, and anomaly mode.
 */

let gradEnabled = true;
let anomalyEnabled = false;

/**
 * Whether ops currently record the graph for backward.
 *
 * @example
 * ```ts
 * tg.isGradEnabled();                    // true
 * tg.noGrad(() => tg.isGradEnabled());   // false
 * ```
 */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

function withGradMode<R>(enabled: boolean, fn: () => R): R {
  const previous = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/**
 * Runs `fn` without recording the graph (like `with torch.no_grad():`); returns its result.
 *
 * @example
 * ```ts
 * const w = tg.ones([2], { requiresGrad: true });
 * const y = tg.noGrad(() => w.mul(2));
 * y.requiresGrad; // false
 * ```
 */
export function noGrad<R>(fn: () => R): R {
  return withGradMode(false, fn);
}

/**
 * Runs `fn` with graph recording switched on, even inside `noGrad`.
 *
 * @example
 * ```ts
 * const w = tg.ones([2], { requiresGrad: true });
 * tg.noGrad(() => tg.enableGrad(() => w.mul(2))).requiresGrad; // true
 * ```
 */
export function enableGrad<R>(fn: () => R): R {
  return withGradMode(true, fn);
}

/** Whether anomaly detection is on (see `detectAnomaly`). */
export function isAnomalyEnabled(): boolean {
  return anomalyEnabled;
}

/**
 * Runs `fn` in anomaly mode: every graph node records the JS stack where it was created,
 * and backward throws as soon as an op's backward produces NaN or Inf, naming that op and
 * where its forward ran.
 *
 * @example
 * ```ts
 * const x = tg.tensor([0], { requiresGrad: true });
 * tg.autograd.detectAnomaly(() => x.sqrt().mul(0).sum().backward());
 * // throws: "Function 'SqrtBackward' returned nan or inf values in its 0th output …"
 * ```
 */
export function detectAnomaly<R>(fn: () => R): R {
  const previous = anomalyEnabled;
  anomalyEnabled = true;
  try {
    return fn();
  } finally {
    anomalyEnabled = previous;
  }
}
