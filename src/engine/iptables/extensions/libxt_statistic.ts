import { parseDecimal } from '../../command/args';
import { iptError, parseU32 } from '../../command/iptables-values';
import { not, type XtMatchType } from '../xtables';

/* libxt_statistic (xt_statistic): every nth packet, or at random with the run's seeded generator. */

export type StatisticInfo =
  | { name: 'statistic'; negated: boolean; mode: 'nth'; every: number; packet: number }
  | { name: 'statistic'; negated: boolean; mode: 'random'; probability: number };

/** The probability as the kernel stores it (31 bits) and libxt_statistic prints it. */
const probabilityText = (p: number) => (Math.round(p * 0x80000000) / 0x80000000).toFixed(11);

export const statistic: XtMatchType<StatisticInfo> = {
  kind: 'match',
  name: 'statistic',
  detail: 'every nth packet, or at random',
  options: [
    { name: 'mode', hasArg: true, noInvert: true, values: ['nth', 'random'] },
    { name: 'probability', hasArg: true },
    { name: 'every', hasArg: true },
    { name: 'packet', hasArg: true },
  ],
  parser() {
    let mode: 'random' | 'nth' = 'random';
    let probability: number | undefined;
    let every: number | undefined;
    let packet: number | undefined;
    let negated = false;
    return {
      parse(option, value, invert, column) {
        if (invert) negated = true;
        if (option === 'mode') {
          if (value !== 'random' && value !== 'nth') throw iptError(column, `Bad mode "${value}"`);
          mode = value;
        } else if (option === 'probability') {
          const p = parseDecimal(value);
          if (p === undefined || p > 1) throw iptError(column, 'statistic: bad value for option "--probability", or out of range (0-1).\n');
          probability = p;
        } else {
          const n = parseU32(value);
          if (n === undefined) throw iptError(column, `statistic: bad value for option "--${option}", or out of range (0-4294967295).\n`);
          if (option === 'every') every = n;
          else packet = n;
        }
      },
      finish(column) {
        if (every !== undefined && packet === undefined) throw iptError(column, 'statistic: option "--every" also requires "--packet".\n');
        if (packet !== undefined && every === undefined) throw iptError(column, 'statistic: option "--packet" also requires "--every".\n');
        if (mode === 'random') {
          if (probability === undefined) throw iptError(column, '--probability must be specified when using random mode');
          return { name: 'statistic', negated, mode, probability };
        }
        if (every === undefined || packet === undefined) throw iptError(column, '--every and --packet must be specified when using nth mode');
        if (every === 0 || packet > every - 1) throw iptError(column, 'the --packet p must be 0 <= p <= n-1');
        return { name: 'statistic', negated, mode, every, packet };
      },
    };
  },
  match(info) {
    const invert = info.negated;
    if (info.mode === 'random') {
      const p = info.probability;
      const probability = probabilityText(p);
      return {
        test: (c) => {
          // statistic_mt: (get_random_u32() & 0x7FFFFFFF) < probability, a fresh draw for every packet that reaches the rule.
          const matched = (c.stack.env.random() < p) !== invert;
          if (c.stack.tracing) c.stack.trace({ layer: 'netfilter', kind: 'rule-match', packet: c.skb.pkt, reason: { code: 'nf_statistic', probability, negated: invert, matched } });
          return matched;
        },
      };
    }
    // A counter per rule, shared by every packet that reaches it.
    const { every, packet } = info;
    let count = 0;
    return {
      test: () => {
        const hit = count === packet;
        count = (count + 1) % every;
        return hit !== invert;
      },
    };
  },
  save: (info) =>
    info.mode === 'nth'
      ? `-m statistic --mode nth ${not(info.negated)}--every ${info.every} --packet ${info.packet}`
      : `-m statistic --mode random ${not(info.negated)}--probability ${probabilityText(info.probability)}`,
  print: (info) =>
    info.mode === 'random'
      ? ` statistic mode random${info.negated ? ' !' : ''} probability ${probabilityText(info.probability)}`
      : ` statistic mode nth${info.negated ? ' !' : ''} every ${info.every}${info.packet ? ` packet ${info.packet}` : ''}`,
};
