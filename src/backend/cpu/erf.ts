/**
 * @file The error function and its complement for the CPU kernels: fdlibm's (Sun, 1993)
 * piecewise rational approximations, the ones behind C's `erf` / `erfc` (JavaScript's `Math`
 * has neither).
 */

const ERX = 8.45062911510467529297e-01;
/** erf(x) = x + x·PP(x²)/QQ(x²) on |x| < 0.84375. */
const PP = [1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02, -5.77027029648944159157e-03, -2.37630166566501626084e-05];
const QQ = [1, 3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03, 1.32494738004321644526e-04, -3.96022827877536812320e-06];
/** erf(x) = erx + PA(s)/QA(s), s = |x| - 1, on 0.84375 ≤ |x| < 1.25. */
const PA = [-2.36211856075265944077e-03, 4.14856118683748331666e-01, -3.72207876035701323847e-01, 3.18346619901161753674e-01, -1.10894694282396677476e-01, 3.54783043256182359371e-02, -2.16637559486879084300e-03];
const QA = [1, 1.06420880400844228286e-01, 5.40397917702171048937e-01, 7.18286544141962662868e-02, 1.26171219808761642112e-01, 1.36370839120290507362e-02, 1.19844998467991074170e-02];
/** erfc(x) = exp(-x² - 0.5625 + RA(s)/SA(s)) / x, s = 1/x², on 1.25 ≤ |x| < 1/0.35. */
const RA = [-9.86494403484714822705e-03, -6.93858572707181764372e-01, -1.05586262253232909814e+01, -6.23753324503260060396e+01, -1.62396669462573470355e+02, -1.84605092906711035994e+02, -8.12874355063065934246e+01, -9.81432934416914548592e+00];
const SA = [1, 1.96512716674392571292e+01, 1.37657754143519042600e+02, 4.34565877475229228821e+02, 6.45387271733267880336e+02, 4.29008140027567833386e+02, 1.08635005541779435134e+02, 6.57024977031928170135e+00, -6.04244152148580987438e-02];
/** The same form with RB/SB on 1/0.35 ≤ |x| < 6 (erf is ±1 to double precision beyond). */
const RB = [-9.86494292470009928597e-03, -7.99283237680523006574e-01, -1.77579549177547519889e+01, -1.60636384855821916062e+02, -6.37566443368389627722e+02, -1.02509513161107724954e+03, -4.83519191608651397019e+02];
const SB = [1, 3.03380607434824582924e+01, 3.25792512996573918826e+02, 1.53672958608443695994e+03, 3.19985821950859553908e+03, 2.55305040643316442583e+03, 4.74528541206955367215e+02, -2.24409524465858183362e+01];

/** `c[0] + c[1] z + c[2] z² + …` by Horner's rule. */
function poly(z: number, c: readonly number[]): number {
  let p = c[c.length - 1]!;
  for (let k = c.length - 2; k >= 0; k--) p = p * z + c[k]!;
  return p;
}

/**
 * erf(x) = 2/√π ∫₀ˣ exp(-t²) dt, within about 1e-16 of C's `erf`.
 *
 * @example
 * ```ts
 * erf(1); // 0.8427007929497149
 * ```
 */
export function erf(x: number): number {
  const a = Math.abs(x);
  if (!(a < 6)) return a !== a ? x : x > 0 ? 1 : -1;
  if (a < 0.84375) {
    const z = x * x;
    return x + (x * poly(z, PP)) / poly(z, QQ);
  }
  let r: number;
  if (a < 1.25) {
    const s = a - 1;
    r = ERX + poly(s, PA) / poly(s, QA);
  } else {
    const s = 1 / (a * a);
    const tail = a < 1 / 0.35 ? poly(s, RA) / poly(s, SA) : poly(s, RB) / poly(s, SB);
    r = 1 - Math.exp(-a * a - 0.5625 + tail) / a;
  }
  return x > 0 ? r : -r;
}

/**
 * erfc(x) = 1 − erf(x), without the cancellation for large x (fdlibm's erfc forms, used up
 * to x = 28 where erfc underflows): exact GELU's tail, `x·Φ(x)` for x ≪ 0, needs it.
 *
 * @example
 * ```ts
 * erfc(5); // 1.5374597944280347e-12
 * ```
 */
export function erfc(x: number): number {
  if (x !== x) return x;
  const a = Math.abs(x);
  let r: number;
  if (a < 0.84375) return 1 - erf(x);
  if (a < 1.25) {
    const s = a - 1;
    r = 1 - ERX - poly(s, PA) / poly(s, QA);
  } else if (a < 28) {
    const s = 1 / (a * a);
    const tail = a < 1 / 0.35 ? poly(s, RA) / poly(s, SA) : poly(s, RB) / poly(s, SB);
    r = Math.exp(-a * a - 0.5625 + tail) / a;
  } else {
    r = 0;
  }
  return x > 0 ? r : 2 - r;
}
