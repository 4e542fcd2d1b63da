import { iptError } from '../../command/iptables-values';
import { ifaceMatches } from '../../kernel/netfilter/matches';
import type { Hook, Match } from '../../kernel/netfilter/x_tables';
import { type XtMatchType } from '../xtables';

/* libxt_physdev (xt_physdev): the bridge ports a bridged packet entered and leaves by. */

export interface PhysdevInfo {
  name: 'physdev';
  physIn?: { name: string; invert: boolean };
  physOut?: { name: string; invert: boolean };
  isIn?: boolean;
  isOut?: boolean;
  isBridged?: boolean;
}

type Flag = 'isIn' | 'isOut' | 'isBridged';
const FLAGS: Record<string, Flag> = { 'physdev-is-in': 'isIn', 'physdev-is-out': 'isOut', 'physdev-is-bridged': 'isBridged' };
const ALL_HOOKS: Hook[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/** Each option as save prints it, in its order; -L prints the same after "PHYSDEV match". */
function options(info: PhysdevInfo): string[] {
  const out: string[] = [];
  const flag = (v: boolean | undefined, name: string) => v !== undefined && out.push(`${v ? '! ' : ''}--${name}`);
  flag(info.isIn, 'physdev-is-in');
  if (info.physIn) out.push(`${info.physIn.invert ? '! ' : ''}--physdev-in ${info.physIn.name}`);
  flag(info.isOut, 'physdev-is-out');
  if (info.physOut) out.push(`${info.physOut.invert ? '! ' : ''}--physdev-out ${info.physOut.name}`);
  flag(info.isBridged, 'physdev-is-bridged');
  return out;
}

export const physdev: XtMatchType<PhysdevInfo> = {
  kind: 'match',
  name: 'physdev',
  detail: 'bridge port of a bridged packet',
  options: [
    { name: 'physdev-in', hasArg: true, detail: 'bridge port it came in by' },
    { name: 'physdev-out', hasArg: true, detail: 'bridge port it leaves by' },
    { name: 'physdev-is-in', hasArg: false },
    { name: 'physdev-is-out', hasArg: false },
    { name: 'physdev-is-bridged', hasArg: false },
  ],
  parser() {
    const info: PhysdevInfo = { name: 'physdev' };
    return {
      parse(option, value, invert, column) {
        if (option === 'physdev-in' || option === 'physdev-out') {
          if (value.length >= 16) throw iptError(column, `interface name \`${value}' must be shorter than IFNAMSIZ (15)`);
          info[option === 'physdev-in' ? 'physIn' : 'physOut'] = { name: value, invert };
        } else info[FLAGS[option]!] = invert;
      },
      finish(column) {
        if (options(info).length === 0) throw iptError(column, 'PHYSDEV: no physdev option specified');
        return info;
      },
    };
  },
  /**
   * physdev_mt: a packet with no bridge information (every routed packet, and every packet
   * while bridges do not call iptables) matches only when each option given is inverted.
   * A bridged one: --physdev-is-bridged asks whether the bridge chose an out port (FORWARD and
   * POSTROUTING), --physdev-is-in/-is-out whether it has an in/out port, --physdev-in compares
   * the in port (passing when there is none), --physdev-out the out port (failing when there is
   * none, inverted or not). physdev_mt_check refuses --physdev-out or --physdev-is-out in
   * OUTPUT unless --physdev-is-bridged (not inverted) is given too.
   */
  match(info): Omit<Match, 'info'> {
    const given = [info.isIn, info.physIn?.invert, info.isOut, info.physOut?.invert, info.isBridged].filter((v) => v !== undefined);
    const unbridged = given.every((inverted) => inverted);
    const outInOutput = (info.physOut || info.isOut !== undefined) && info.isBridged !== false;
    return {
      ...(outInOutput ? { restriction: { hooks: ALL_HOOKS.filter((h) => h !== 'OUTPUT') } } : {}),
      test: (c) => {
        const nf = c.skb.nfBridge;
        if (!nf) return unbridged;
        const outdev = nf.physoutdev?.name;
        const indev = nf.physindev.name;
        if (info.isBridged !== undefined && (outdev !== undefined) === info.isBridged) return false;
        if (info.isIn !== undefined && (indev !== undefined) === info.isIn) return false;
        if (info.isOut !== undefined && (outdev !== undefined) === info.isOut) return false;
        if (info.physIn && ifaceMatches(info.physIn.name, indev) === info.physIn.invert) return false;
        if (!info.physOut) return true;
        if (outdev === undefined) return false;
        return ifaceMatches(info.physOut.name, outdev) !== info.physOut.invert;
      },
    };
  },
  save: (info) => ['-m physdev', ...options(info)].join(' '),
  print: (info) => [' PHYSDEV match', ...options(info)].join(' '),
};
