import { CommandError } from '../../command/args';
import { iptError } from '../../command/iptables-values';
import { not, type XtMatchType } from '../xtables';

/*
 * libxt_set (revision 4) and xt_set: is the packet in an ipset set, its fields read from the
 * source or destination as the flags say (`src,dst`: the first dimension from the source, the
 * second from the destination). The set is looked up by name when the rule is added, and the
 * rule holds a reference to it (`ipset list` counts them; such a set cannot be destroyed).
 */

export interface SetInfo {
  name: 'set';
  setName: string;
  /** One entry per dimension: true for src. */
  src: boolean[];
  invert: boolean;
  returnNomatch: boolean;
  /** `! --update-counters`. */
  noUpdateCounters: boolean;
  /** `! --update-subcounters`. */
  noUpdateSubcounters: boolean;
}

/** Comparisons with the element's counters, which need a set created with `counters`. */
const COUNTER_TESTS = ['packets-eq', 'packets-lt', 'packets-gt', 'bytes-eq', 'bytes-lt', 'bytes-gt'];

/** IPSET_DIM_MAX. */
const DIM_MAX = 6;

/** "NAME src,dst" as libxt_set's parse_dirs reads it. */
export function parseSetArgs(value: string, column: number): { setName: string; src: boolean[] } {
  const [setName, dirs] = value.split(' ') as [string, string];
  const parts = dirs.split(',');
  if (parts.length > DIM_MAX) throw iptError(column, `Can't be more src/dst options than ${DIM_MAX}.`);
  if (parts.some((p) => p !== 'src' && p !== 'dst')) throw iptError(column, "You must spefify (the comma separated list of) 'src' or 'dst'.");
  return { setName, src: parts.map((p) => p === 'src') };
}

export const flagsText = (src: readonly boolean[]) => src.map((s) => (s ? 'src' : 'dst')).join(',');

export const set: XtMatchType<SetInfo> = {
  kind: 'match',
  name: 'set',
  detail: 'packet in an ipset set',
  options: [
    { name: 'match-set', hasArg: true, detail: 'NAME src|dst[,src|dst…]' },
    { name: 'return-nomatch', hasArg: false, noInvert: true },
    { name: 'update-counters', hasArg: false },
    { name: 'update-subcounters', hasArg: false },
    ...COUNTER_TESTS.map((name) => ({ name, hasArg: true, noInvert: true })),
  ],
  parser() {
    let info: SetInfo | undefined;
    let returnNomatch = false;
    let noUpdateCounters = false;
    let noUpdateSubcounters = false;
    return {
      parse(option, value, invert, column) {
        if (option === 'match-set') {
          if (info) throw iptError(column, '--match-set can be specified only once');
          info = { name: 'set', ...parseSetArgs(value, column), invert, returnNomatch: false, noUpdateCounters: false, noUpdateSubcounters: false };
        } else if (option === 'return-nomatch') returnNomatch = true;
        else if (COUNTER_TESTS.includes(option)) throw new CommandError(column, `hairpin: ipset's counters (--${option}) are not simulated`, 2);
        else if (option === 'update-counters') noUpdateCounters = invert;
        else noUpdateSubcounters = invert;
      },
      finish(column) {
        if (!info) throw iptError(column, "You must specify `--match-set' with proper arguments");
        return { ...info, returnNomatch, noUpdateCounters, noUpdateSubcounters };
      },
    };
  },
  resolve: (info, stack) => (stack.nf.ipset.find(info.setName) ? undefined : `Set ${info.setName} doesn't exist.\n`),
  match(info) {
    return {
      checkentry: (stack) => {
        // ip_set_nfnl_get_byindex: the rule holds the set.
        const s = stack.nf.ipset.find(info.setName);
        if (!s) return 2;
        s.references++;
        return undefined;
      },
      destroy: (stack) => {
        const s = stack.nf.ipset.find(info.setName);
        if (s) s.references--;
      },
      test: (c) => c.stack.nf.ipset.test(info.setName, c.skb.pkt, info.src, info.returnNomatch) !== info.invert,
    };
  },
  save: (i) =>
    `-m set ${not(i.invert)}--match-set ${i.setName} ${flagsText(i.src)}${i.returnNomatch ? ' --return-nomatch' : ''}` +
    `${i.noUpdateCounters ? ' ! --update-counters' : ''}${i.noUpdateSubcounters ? ' ! --update-subcounters' : ''}`,
  print: (i) =>
    `${i.invert ? ' !' : ''} match-set ${i.setName} ${flagsText(i.src)}${i.returnNomatch ? ' return-nomatch' : ''}` +
    `${i.noUpdateCounters ? ' ! update-counters' : ''}${i.noUpdateSubcounters ? ' ! update-subcounters' : ''}`,
};
