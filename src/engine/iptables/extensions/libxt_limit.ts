import { iptError, parseU32 } from '../../command/iptables-values';
import type { XtMatchType } from '../xtables';

/*
 * libxt_limit. iptables-nft does not load xt_limit: it writes a native nft `limit` expression
 * (nft.c add_nft_limit) with the rate as packets per unit, and reads it back into an average
 * (nft_parse_limit), so -S prints the rate that round trip leaves (86400/day is `1/sec`). The
 * kernel then runs net/netfilter/nft_limit.c: a bucket of nanoseconds, `cost` = unit/rate per
 * packet, `burst` packets' worth at most, refilled by the time since the last packet.
 */

/** XT_LIMIT_SCALE: xt_rateinfo.avg is seconds between packets times this. */
const XT_LIMIT_SCALE = 10000;
const NSEC_PER_SEC = 1e9;
/** NFT_LIMIT_PKT_BURST_DEFAULT, also libxt_limit's default. */
const DEFAULT_BURST = 5;

export interface LimitInfo {
  name: 'limit';
  /** xt_rateinfo.avg after the nft round trip: seconds between packets × 10000. */
  avg: number;
  burst: number;
}

/** day, hour, min, sec: each unit's length in XT_LIMIT_SCALE ticks. */
const RATES = [
  { name: 'day', mult: XT_LIMIT_SCALE * 24 * 60 * 60 },
  { name: 'hour', mult: XT_LIMIT_SCALE * 60 * 60 },
  { name: 'min', mult: XT_LIMIT_SCALE * 60 },
  { name: 'sec', mult: XT_LIMIT_SCALE },
] as const;

/** The largest unit whose count of packets is whole enough (print_rate and add_nft_limit share the loop). */
function unitFor(avg: number): (typeof RATES)[number] {
  let i = 1;
  for (; i < RATES.length; i++) {
    const m = RATES[i]!.mult;
    if (avg > m || Math.floor(m / avg) < m % avg) break;
  }
  return RATES[i - 1]!;
}

/** What nft holds: packets per unit, the unit in seconds. */
export function nftRate(avg: number): { rate: number; unitSeconds: number } {
  const u = unitFor(avg);
  return { rate: Math.floor(u.mult / avg), unitSeconds: u.mult / XT_LIMIT_SCALE };
}

/** C atoi: optional blanks and sign, then digits, stopping at the first other character. */
function atoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(text)!;
  const n = Number(m[2] || '0');
  return m[1] === '-' ? -n : n;
}

/** parse_rate: `N[/second|/minute|/hour|/day]`, any prefix of the unit's name, per second if none. */
function parseRate(text: string, column: number): number | undefined {
  let mult = 1;
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const unit = text.slice(slash + 1).toLowerCase();
    if (!unit) return undefined;
    const found = (['second', 'minute', 'hour', 'day'] as const).find((u) => u.startsWith(unit));
    if (!found) return undefined;
    mult = { second: 1, minute: 60, hour: 3600, day: 86400 }[found];
  }
  const r = atoi(text) >>> 0;
  if (r === 0) return undefined;
  const avg = Math.floor((XT_LIMIT_SCALE * mult) / r);
  if (avg === 0) throw iptError(column, `Rate too fast "${text}"`);
  return avg;
}

/** The average nft_parse_limit reads back from the rate and unit add_nft_limit wrote. */
function roundTrip(avg: number): number {
  const { rate, unitSeconds } = nftRate(avg);
  return Math.floor((XT_LIMIT_SCALE * unitSeconds) / rate);
}

export function rateText(avg: number): string {
  const u = unitFor(avg);
  return `${Math.floor(u.mult / avg)}/${u.name}`;
}

export const limit: XtMatchType<LimitInfo> = {
  kind: 'match',
  name: 'limit',
  detail: 'at most N packets per unit of time, with a burst',
  options: [
    { name: 'limit', hasArg: true, noInvert: true, detail: 'N/sec, N/minute, N/hour or N/day', values: ['1/sec', '10/minute', '3/hour', '1/day'] },
    { name: 'limit-burst', hasArg: true, noInvert: true, detail: 'packets allowed at once (default 5)' },
  ],
  parser() {
    let avg = Math.floor((XT_LIMIT_SCALE * 3600) / 3); // libxt_limit's default: 3/hour
    let burst = DEFAULT_BURST;
    return {
      parse(option, value, _invert, column) {
        if (option === 'limit') {
          const parsed = parseRate(value, column);
          if (parsed === undefined) throw iptError(column, `bad rate "${value}"'`);
          avg = parsed;
        } else {
          const n = parseU32(value);
          if (n === undefined || n > 10000) throw iptError(column, 'limit: bad value for option "--limit-burst", or out of range (0-10000).\n');
          burst = n;
        }
      },
      // nft_limit_init: a burst of 0 becomes the default.
      finish: () => ({ name: 'limit', avg: roundTrip(avg), burst: burst || DEFAULT_BURST }),
    };
  },
  match(info) {
    const { rate, unitSeconds } = nftRate(info.avg);
    // nft_limit_pkts_init: each packet costs unit/rate ns; the bucket holds burst packets' worth.
    const cost = Math.floor((unitSeconds * NSEC_PER_SEC) / rate);
    const tokensMax = cost * info.burst;
    let tokens = tokensMax;
    let last: number | undefined;
    return {
      // nft_limit_eval: refill by the time since the last packet (capped), spend `cost` if there is enough.
      test: (c) => {
        const now = c.stack.env.now();
        const t = last === undefined ? tokensMax : Math.min(tokens + now - last, tokensMax);
        last = now;
        if (t - cost >= 0) {
          tokens = t - cost;
          return true;
        }
        tokens = t;
        return false;
      },
    };
  },
  save: (info) => `-m limit --limit ${rateText(info.avg)}${info.burst !== DEFAULT_BURST ? ` --limit-burst ${info.burst}` : ''}`,
  print: (info) => ` limit: avg ${rateText(info.avg)} burst ${info.burst}`,
};
