import { CommandError } from '../../command/args';
import { iptError, parseU32 } from '../../command/iptables-values';
import type { Stack } from '../../kernel/stack';
import type { XtTargetType } from '../xtables';
import { flagsText, parseSetArgs } from './libxt_set';

/*
 * libxt_SET (revision 3) and xt_SET: adds the packet's element to a set, or deletes it, read
 * from src/dst as the flags say, then goes on to the next rule. --exist re-adds (the timeout
 * starts again), --timeout overrides the set's default. The rule holds its sets.
 */

interface SetRef {
  setName: string;
  src: boolean[];
}

export interface SetTargetInfo {
  name: 'SET';
  add?: SetRef;
  del?: SetRef;
  exist: boolean;
  timeout?: number;
}

const hold = (delta: number) => (info: SetTargetInfo) => (stack: Stack) => {
  for (const ref of [info.add, info.del]) {
    const s = ref && stack.nf.ipset.find(ref.setName);
    if (s) s.references += delta;
  }
};

export const SET: XtTargetType<SetTargetInfo> = {
  kind: 'target',
  name: 'SET',
  detail: 'add the packet to an ipset set, or delete it',
  options: [
    { name: 'add-set', hasArg: true, noInvert: true, detail: 'NAME src|dst[,…]' },
    { name: 'del-set', hasArg: true, noInvert: true, detail: 'NAME src|dst[,…]' },
    { name: 'exist', hasArg: false, noInvert: true, detail: 'refresh an element already there' },
    { name: 'timeout', hasArg: true, noInvert: true, detail: 'seconds the added element lives' },
    { name: 'map-set', hasArg: true, noInvert: true },
  ],
  parser() {
    const info: SetTargetInfo = { name: 'SET', exist: false };
    return {
      parse(option, value, _invert, column) {
        if (option === 'add-set') info.add = parseSetArgs(value, column);
        else if (option === 'del-set') info.del = parseSetArgs(value, column);
        else if (option === 'exist') info.exist = true;
        else if (option === 'timeout') {
          const n = parseU32(value);
          if (n === undefined) throw iptError(column, `SET: bad value for option "--timeout", or out of range (0-4294967295).\n`);
          info.timeout = n;
        } else throw new CommandError(column, 'hairpin: SET --map-set is not simulated', 2);
      },
      finish(column) {
        if (!info.add && !info.del) throw iptError(column, "You must specify either `--add-set' or `--del-set' or `--map-set'");
        return { ...info };
      },
    };
  },
  resolve: (info, stack) => {
    const missing = [info.add, info.del].find((r) => r && !stack.nf.ipset.find(r.setName));
    return missing ? `Set ${missing.setName} doesn't exist.\n` : undefined;
  },
  target(info) {
    return {
      checkentry: (stack) => void hold(1)(info)(stack),
      destroy: hold(-1)(info),
      run: (c) => {
        const sets = c.stack.nf.ipset;
        if (info.add) sets.adt('add', info.add.setName, c.skb.pkt, info.add.src, info.exist, info.timeout);
        if (info.del) sets.adt('del', info.del.setName, c.skb.pkt, info.del.src, true);
        return 'CONTINUE';
      },
    };
  },
  save: (i) => `-j SET${options(i, '--')}`,
  print: (i) => options(i, ''),
};

function options(i: SetTargetInfo, dashes: string): string {
  let out = '';
  if (i.add) out += ` ${dashes}add-set ${i.add.setName} ${flagsText(i.add.src)}`;
  if (i.del) out += ` ${dashes}del-set ${i.del.setName} ${flagsText(i.del.src)}`;
  if (i.exist) out += ` ${dashes}exist`;
  if (i.timeout !== undefined) out += ` ${dashes}timeout ${i.timeout}`;
  return out;
}
