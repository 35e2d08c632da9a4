/**
 * Amounts as people read them. On-chain integers stay bigints until shown; nothing passes through a float except
 * the final display of a rounded value.
 */

const GROUP = /\B(?=(\d{3})+(?!\d))/g;

/**
 * `value` (base units with `decimals` decimals) as a decimal string with thousands separators, rounded half up to
 * at most `maxFraction` digits, trailing zeros dropped (at least `minFraction` kept).
 */
export function formatAmount(value: bigint, decimals: number, maxFraction = 4, minFraction = 0): string {
  const negative = value < 0n;
  let abs = negative ? -value : value;
  const digits = Math.min(maxFraction, decimals);
  if (decimals > digits) {
    const drop = 10n ** BigInt(decimals - digits);
    abs = (abs + drop / 2n) / drop;
  }
  const base = 10n ** BigInt(digits);
  const whole = (abs / base).toString().replace(GROUP, ",");
  let fraction = digits === 0 ? "" : (abs % base).toString().padStart(digits, "0");
  while (fraction.length > minFraction && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  const text = fraction === "" ? whole : `${whole}.${fraction}`;
  return negative && abs !== 0n ? `-${text}` : text;
}

/** A token amount with its symbol: `1,234.5 WBTC`. */
export function formatToken(value: bigint, decimals: number, symbol: string, maxFraction = 6): string {
  return `${formatAmount(value, decimals, maxFraction)} ${symbol}`;
}

/** USD with 18 decimals as `$1,234.56` (cents; `<$0.01` for a positive dust value). */
export function formatUsd(value: bigint, fraction = 2): string {
  if (value > 0n && value < 10n ** BigInt(18 - fraction)) return `<$${(1 / 10 ** fraction).toFixed(fraction)}`;
  return `$${formatAmount(value, 18, fraction, fraction)}`;
}

/** A USD price with 18 decimals: cents from $1 up, four significant digits below (`$0.000008123`). */
export function formatUsdPrice(value: bigint): string {
  if (value >= 10n ** 18n || value === 0n) return formatUsd(value);
  let fraction = 2;
  while (fraction < 18 && value < 10n ** BigInt(18 - fraction + 3)) fraction++;
  return `$${formatAmount(value, 18, fraction)}`;
}

/** A fraction with 18 decimals (1e18 = 100 %) as `12.34 %`. */
export function formatPercent(wad: bigint, fraction = 2): string {
  return `${formatAmount(wad * 100n, 18, fraction, fraction)} %`;
}

/** A decimal string (the subgraph's BigDecimal) as a number, for charts only. */
export function decimalToNumber(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * What a person typed as an amount of a token with `decimals`, in base units; undefined when it is not a plain
 * non-negative decimal number or has more fraction digits than the token.
 */
export function parseAmount(input: string, decimals: number): bigint | undefined {
  const text = input.trim().replace(/,/g, "");
  const match = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (match === null || text === "" || text === ".") return undefined;
  const whole = match[1] ?? "";
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) return undefined;
  return BigInt(whole === "" ? "0" : whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}

/** A duration in seconds as `3 d 4 h`, `5 h 10 min`, `42 s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}

/** A Unix timestamp as `2026-12-01 10:24 UTC`. */
export function formatTime(seconds: number | bigint): string {
  const n = Number(seconds);
  if (n === 0) return "—";
  return new Date(n * 1000).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

/** A Unix timestamp to the second, as `2026-12-01 10:24:05 UTC` (events seconds apart, such as auction fills). */
export function formatTimeSeconds(seconds: number | bigint): string {
  const n = Number(seconds);
  if (n === 0) return "—";
  return new Date(n * 1000).toISOString().slice(0, 19).replace("T", " ") + " UTC";
}

/** An address shortened for a table: `0x1234…abcd`. */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}
