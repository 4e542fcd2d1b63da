/*
 * nft's durations (datatype.c time_parse and time_print): `1d2h`, `1m30s`, `1s500ms`, each unit
 * at most once, in the order d h m s ms; printed with the units that are not zero. Held here
 * in milliseconds, as nft sends them.
 */

const UNITS: readonly [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];

/** A duration in milliseconds, or undefined when the text is not one. */
export function parseNftTime(text: string): number | undefined {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(text);
  if (!m || text === '') return undefined;
  return UNITS.reduce((ms, [, unit], i) => ms + Number(m[i + 1] ?? 0) * unit, 0);
}

export function printNftTime(ms: number): string {
  let rest = Math.max(0, Math.floor(ms));
  let out = '';
  for (const [name, unit] of UNITS) {
    const n = Math.floor(rest / unit);
    rest -= n * unit;
    if (n) out += `${n}${name}`;
  }
  return out || '0s';
}
