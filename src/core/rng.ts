/**
 * @file The seeded random number generator behind `rand`, `randn`, `randint`, `normal_`,
 * `uniform_` and dropout. One global generator, reseeded by `manualSeed`.
 */

/**
 * A small, fast, seedable generator (xoshiro128**), with Box–Muller normals.
 *
 * @example
 * ```ts
 * const g = new tg.Generator(42);
 * g.uniform(); // a number in [0, 1)
 * ```
 */
export class Generator {
  #s0 = 0;
  #s1 = 0;
  #s2 = 0;
  #s3 = 0;
  #spare: number | null = null;

  constructor(seed = 5489) {
    this.seed(seed);
  }

  /**
   * Resets the state from an integer seed (splitmix32 expansion).
   *
   * @example
   * ```ts
   * const g = new tg.Generator();
   * g.seed(7);
   * ```
   */
  seed(seed: number): void {
    let x = (Math.floor(seed) >>> 0) ^ ((Math.floor(seed / 2 ** 32) >>> 0) * 0x9e3779b1);
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#s0 = next();
    this.#s1 = next();
    this.#s2 = next();
    this.#s3 = next() | 1;
    this.#spare = null;
  }

  /**
   * A uniformly distributed 32-bit unsigned integer.
   *
   * @example
   * ```ts
   * new tg.Generator(1).nextUint32(); // an integer in [0, 2³²)
   * ```
   */
  nextUint32(): number {
    const s0 = this.#s0, s1 = this.#s1, s2 = this.#s2, s3 = this.#s3;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    let n2 = s2 ^ s0;
    let n3 = s3 ^ s1;
    const n1 = s1 ^ n2;
    const n0 = s0 ^ n3;
    n2 ^= t;
    n3 = rotl(n3, 11);
    this.#s0 = n0; this.#s1 = n1; this.#s2 = n2; this.#s3 = n3;
    return result;
  }

  /**
   * A uniform double in [0, 1) with 53 random bits.
   *
   * @example
   * ```ts
   * new tg.Generator(1).uniform(); // in [0, 1)
   * ```
   */
  uniform(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * A standard normal sample (Box–Muller, caching the second value).
   *
   * @example
   * ```ts
   * new tg.Generator(1).normal(); // ~ N(0, 1)
   * ```
   */
  normal(): number {
    if (this.#spare !== null) {
      const v = this.#spare;
      this.#spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /**
   * A uniform integer in [low, high).
   *
   * @example
   * ```ts
   * new tg.Generator(1).int(0, 6); // one of 0…5
   * ```
   */
  int(low: number, high: number): number {
    return low + Math.floor(this.uniform() * (high - low));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The generator used when none is passed. */
export const defaultGenerator = new Generator();

/**
 * Seeds the global generator so random tensors are reproducible.
 *
 * @example
 * ```ts
 * tg.manualSeed(0);
 * const a = tg.rand([2]);
 * tg.manualSeed(0);
 * tg.rand([2]).toArray(); // same as a.toArray()
 * ```
 */
export function manualSeed(seed: number): void {
  defaultGenerator.seed(seed);
}
