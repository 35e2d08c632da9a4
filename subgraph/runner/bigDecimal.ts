/**
 * graph-node's BigDecimal semantics in JavaScript: a value `digits * 10^exp` with at most 34 significant digits
 * (graph-node rounds every result to 34 digits, half to even here), normalized (no trailing zeros in `digits`),
 * printed in plain notation (no exponent), as graph-node serializes it.
 */
export const PRECISION = 34;

export interface Decimal {
  digits: bigint;
  exp: bigint;
}

const TEN = 10n;

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

function digitCount(x: bigint): number {
  return abs(x).toString().length;
}

/** Divides by 10^k rounding half to even. */
function shiftRound(digits: bigint, k: number): bigint {
  if (k <= 0) return digits;
  const div = TEN ** BigInt(k);
  const q = digits / div;
  const r = digits % div;
  const twice = abs(r) * 2n;
  if (twice > div || (twice === div && q % 2n !== 0n)) return q + (digits < 0n ? -1n : 1n);
  return q;
}

/** Rounds to PRECISION significant digits and strips trailing zeros. */
export function normalize(d: Decimal): Decimal {
  let { digits, exp } = d;
  if (digits === 0n) return { digits: 0n, exp: 0n };
  const excess = digitCount(digits) - PRECISION;
  if (excess > 0) {
    digits = shiftRound(digits, excess);
    exp += BigInt(excess);
  }
  while (digits !== 0n && digits % TEN === 0n) {
    digits /= TEN;
    exp += 1n;
  }
  return { digits, exp };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, bigint] {
  const exp = a.exp < b.exp ? a.exp : b.exp;
  return [a.digits * TEN ** (a.exp - exp), b.digits * TEN ** (b.exp - exp), exp];
}

export function plus(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = align(a, b);
  return normalize({ digits: x + y, exp });
}

export function minus(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = align(a, b);
  return normalize({ digits: x - y, exp });
}

export function times(a: Decimal, b: Decimal): Decimal {
  return normalize({ digits: a.digits * b.digits, exp: a.exp + b.exp });
}

export function dividedBy(a: Decimal, b: Decimal): Decimal {
  if (b.digits === 0n) throw new Error("BigDecimal division by zero");
  if (a.digits === 0n) return { digits: 0n, exp: 0n };
  // Enough digits for PRECISION significant ones plus guard digits, then one rounding.
  const shift = PRECISION + 6 + digitCount(b.digits) - digitCount(a.digits);
  const k = shift > 0 ? shift : 0;
  const scaled = a.digits * TEN ** BigInt(k);
  let q = scaled / b.digits;
  const r = scaled % b.digits;
  // Sticky digit so that rounding of the guard digits sees a non-zero remainder.
  const negative = a.digits < 0n !== b.digits < 0n;
  q = q * TEN + (r === 0n ? 0n : negative ? -1n : 1n);
  return normalize({ digits: q, exp: a.exp - b.exp - BigInt(k) - 1n });
}

export function equals(a: Decimal, b: Decimal): boolean {
  const x = normalize(a);
  const y = normalize(b);
  return x.digits === y.digits && x.exp === y.exp;
}

export function toString(d: Decimal): string {
  const { digits, exp } = normalize(d);
  if (digits === 0n) return "0";
  const sign = digits < 0n ? "-" : "";
  const s = abs(digits).toString();
  if (exp >= 0n) return sign + s + "0".repeat(Number(exp));
  const point = s.length + Number(exp);
  if (point > 0) return `${sign}${s.slice(0, point)}.${s.slice(point)}`;
  return `${sign}0.${"0".repeat(-point)}${s}`;
}

export function fromString(text: string): Decimal {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (m === null || (m[2] === "" && (m[3] ?? "") === "")) throw new Error(`not a decimal number: "${text}"`);
  const frac = m[3] ?? "";
  const digits = BigInt(`${m[1]}${m[2] === "" ? "0" : m[2]}${frac}`);
  return normalize({ digits, exp: BigInt(m[4] ?? "0") - BigInt(frac.length) });
}
