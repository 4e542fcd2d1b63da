import { CommandError } from '../../command/args';
import { iptError, parseU32 } from '../../command/iptables-values';
import type { HashlimitCfg } from '../../kernel/netfilter/xt_hashlimit';
import type { XtMatchType } from '../xtables';

/*
 * libxt_hashlimit (revision 3): rates in 10^6 units, mode fields, masks and table settings.
 * The buckets are the namespace's (kernel/netfilter/xt_hashlimit.ts). Byte rates (`5kb/s`)
 * are not modelled and refused by name.
 */

/** Mode bits as xt_hashlimit.h numbers them. */
const MODE = { srcip: 1 << 0, dstip: 1 << 1, dstport: 1 << 2, srcport: 1 << 3 } as const;
/** print_mode's order. */
const MODE_ORDER = ['srcip', 'srcport', 'dstip', 'dstport'] as const;
const SCALE = 1000000;
const GCINTERVAL = 1000;
const RATES = [
  { name: 'day', mult: SCALE * 86400 },
  { name: 'hour', mult: SCALE * 3600 },
  { name: 'min', mult: SCALE * 60 },
  { name: 'sec', mult: SCALE },
] as const;

export interface HashlimitInfo {
  name: 'hashlimit';
  table: string;
  mode: number;
  invert: boolean;
  /** Seconds between packets × 10^6. */
  avg: number;
  burst: number;
  /** The rate's unit in ms: the default expire, and what print compares expire with. */
  quantumMs: number;
  expire: number;
  srcmask: number;
  dstmask: number;
  size: number;
  max: number;
  gcInterval: number;
}

/** parse_rate with the v2 scale: the average and the unit (s) it was given in. */
function parseRate(text: string): { avg: number; unit: number } | undefined {
  let unit = 1;
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const u = text.slice(slash + 1).toLowerCase();
    const found = u ? (['second', 'minute', 'hour', 'day'] as const).find((n) => n.startsWith(u)) : undefined;
    if (!found) return undefined;
    unit = { second: 1, minute: 60, hour: 3600, day: 86400 }[found];
  }
  const m = /^\d+/.exec(text);
  const r = m ? Number(m[0]) : 0;
  if (!r) return undefined;
  const avg = Math.floor((SCALE * unit) / r);
  if (avg === 0) return undefined;
  return { avg, unit };
}

/** print_rate: the largest unit with a whole count, and that unit in ms. */
function rate(avg: number): { text: string; quantumMs: number } {
  let i = 1;
  for (; i < RATES.length; i++) {
    const m = RATES[i]!.mult;
    if (avg > m || Math.floor(m / avg) < m % avg) break;
  }
  const r = RATES[i - 1]!;
  return { text: `${Math.floor(r.mult / avg)}/${r.name}`, quantumMs: (r.mult / SCALE) * 1000 };
}

const modeText = (mode: number, sep: string) => MODE_ORDER.filter((m) => mode & MODE[m]).join(sep);

export const hashlimit: XtMatchType<HashlimitInfo> = {
  kind: 'match',
  name: 'hashlimit',
  detail: 'a rate limit per source, destination or port',
  options: [
    { name: 'hashlimit-upto', hasArg: true, detail: 'match while under N/sec|minute|hour|day' },
    { name: 'hashlimit-above', hasArg: true, detail: 'match once over N/sec|minute|hour|day' },
    { name: 'hashlimit', hasArg: true, noInvert: true },
    { name: 'hashlimit-burst', hasArg: true, noInvert: true },
    { name: 'hashlimit-mode', hasArg: true, noInvert: true, values: ['srcip', 'dstip', 'srcip,dstport', 'srcip,dstip'] },
    { name: 'hashlimit-name', hasArg: true, noInvert: true },
    { name: 'hashlimit-srcmask', hasArg: true, noInvert: true },
    { name: 'hashlimit-dstmask', hasArg: true, noInvert: true },
    { name: 'hashlimit-htable-size', hasArg: true, noInvert: true },
    { name: 'hashlimit-htable-max', hasArg: true, noInvert: true },
    { name: 'hashlimit-htable-gcinterval', hasArg: true, noInvert: true },
    { name: 'hashlimit-htable-expire', hasArg: true, noInvert: true },
  ],
  parser() {
    const info: HashlimitInfo = { name: 'hashlimit', table: '', mode: 0, invert: false, avg: 0, burst: 5, quantumMs: 0, expire: -1, srcmask: 32, dstmask: 32, size: 0, max: 0, gcInterval: GCINTERVAL };
    let limitOption: string | undefined;
    let named = false;
    const u32 = (option: string, value: string, column: number, min = 0, max = 0xffffffff) => {
      const n = parseU32(value);
      if (n === undefined || n < min || n > max) throw iptError(column, `hashlimit: bad value for option "--${option}", or out of range (${min}-${max}).\n`);
      return n;
    };
    return {
      parse(option, value, invert, column) {
        if (option === 'hashlimit-upto' || option === 'hashlimit-above' || option === 'hashlimit') {
          if (limitOption && limitOption !== option) throw iptError(column, `hashlimit: option "--${limitOption}" cannot be used together with "--${option}".\n`);
          limitOption = option;
          if (/^\d+[kmg]?b\//i.test(value)) throw new CommandError(column, 'hairpin: hashlimit byte rates are not simulated', 2);
          const r = parseRate(value);
          if (!r) throw iptError(column, `hashlimit: Bad value for "--${option}" option: "${value}"`);
          info.avg = r.avg;
          info.quantumMs = r.unit * 1000;
          // `! --hashlimit-upto` is --hashlimit-above, and the other way round.
          info.invert = (option === 'hashlimit-above') !== invert;
        } else if (option === 'hashlimit-burst') {
          const n = parseU32(value);
          if (n === undefined || n < 1 || n > 1000000) throw iptError(column, 'bad value for option "--hashlimit-burst", or out of range (1-1000000).');
          info.burst = n;
        } else if (option === 'hashlimit-mode') {
          let mode = 0;
          for (const part of value.split(',')) {
            if (!Object.hasOwn(MODE, part)) throw iptError(column, `hashlimit: Bad value for "--hashlimit-mode" option: "${value}"`);
            mode |= MODE[part as keyof typeof MODE];
          }
          info.mode = mode;
        } else if (option === 'hashlimit-name') {
          if (value.length > 31) throw iptError(column, 'hashlimit: option "--hashlimit-name" is too long.\n');
          info.table = value;
          named = true;
        } else if (option === 'hashlimit-srcmask') info.srcmask = u32(option, value, column, 0, 32);
        else if (option === 'hashlimit-dstmask') info.dstmask = u32(option, value, column, 0, 32);
        else if (option === 'hashlimit-htable-size') info.size = u32(option, value, column);
        else if (option === 'hashlimit-htable-max') info.max = u32(option, value, column);
        else if (option === 'hashlimit-htable-gcinterval') info.gcInterval = u32(option, value, column);
        else info.expire = u32(option, value, column);
      },
      finish(column) {
        if (!limitOption) throw iptError(column, 'You have to specify --hashlimit');
        if (!named) throw iptError(column, 'hashlimit: option "--hashlimit-name" must be specified\n');
        return { ...info, expire: info.expire < 0 ? info.quantumMs : info.expire };
      },
    };
  },
  match(info) {
    const cfg: HashlimitCfg = { mode: info.mode, invert: info.invert, avg: BigInt(info.avg), burst: BigInt(info.burst), expire: info.expire, gcInterval: info.gcInterval, srcmask: info.srcmask, dstmask: info.dstmask };
    return {
      checkentry: (stack) => stack.nf.hashlimit.check(info.table, cfg),
      destroy: (stack) => stack.nf.hashlimit.destroy(info.table),
      test: (c) => c.stack.nf.hashlimit.match(info.table, c),
    };
  },
  save: (i) => {
    const r = rate(i.avg);
    return (
      `-m hashlimit --hashlimit-${i.invert ? 'above' : 'upto'} ${r.text} --hashlimit-burst ${i.burst}` +
      `${i.mode ? ` --hashlimit-mode ${modeText(i.mode, ',')}` : ''} --hashlimit-name ${i.table}${tableOptions(i, r.quantumMs, '--hashlimit-')}`
    );
  },
  print: (i) => {
    const r = rate(i.avg);
    return ` limit: ${i.invert ? 'above' : 'up to'} ${r.text} burst ${i.burst}${i.mode ? ` mode ${modeText(i.mode, '-')}` : ''}${tableOptions(i, r.quantumMs, '')}`;
  },
};

/** The table settings that differ from their defaults, as save (prefix `--hashlimit-`) and print name them. */
function tableOptions(i: HashlimitInfo, quantumMs: number, prefix: string): string {
  let out = '';
  if (i.size) out += ` ${prefix}htable-size ${i.size}`;
  if (i.max) out += ` ${prefix}htable-max ${i.max}`;
  if (i.gcInterval !== GCINTERVAL) out += ` ${prefix}htable-gcinterval ${i.gcInterval}`;
  if (i.expire !== quantumMs) out += ` ${prefix}htable-expire ${i.expire}`;
  if (i.srcmask !== 32) out += ` ${prefix}srcmask ${i.srcmask}`;
  if (i.dstmask !== 32) out += ` ${prefix}dstmask ${i.dstmask}`;
  return out;
}
