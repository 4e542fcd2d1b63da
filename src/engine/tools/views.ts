import type { Command } from '../command/types';
import type { Stack } from '../kernel/stack';
import { printBridgeFdb } from '../export/print/bridge-fdb';
import { printBrctl } from '../export/print/brctl';
import { printBridgeLink } from '../export/print/bridge-link';
import { printCat } from '../export/print/files';
import { printIpAddrShow } from '../export/print/ip-addr';
import { printIpset } from '../export/print/ipset';
import { printNfacct } from '../export/print/nfacct';
import { printIpvsadm } from '../export/print/ipvsadm';
import { printIpNeighShow } from '../export/print/ip-neigh';
import { printIpRouteShow } from '../export/print/ip-route';
import { printIpRuleShow } from '../export/print/ip-rule';
import { printIptablesL } from '../export/print/iptables-list';
import { printIptablesS, printIptablesSave } from '../export/print/iptables-save';
import { printRouteGet } from '../export/print/route-get';
import { conntrackCount, conntrackList } from '../netlink/conntrack';
import { sysctl } from '../netlink/sysctl';
import { dmesgOutput } from './dmesg';
import { nftRole } from '../command/nft';
import { runNftCommand } from '../nft/tool';

/** Output of a state-viewing command (`ip route`, `iptables -S`, ...), or undefined if `c` changes state. */
export interface ViewOutput {
  stdout: string;
  stderr: string;
  status: number;
}

type View<C extends Command> = (stack: Stack, command: C) => ViewOutput | undefined;
/** The command a kind belongs to (one type may carry several kinds: `ip addr|link|rule|neigh show`). */
type OfKind<K extends Command['kind'], C = Command> = C extends { kind: infer U } ? (K extends U ? C : never) : never;
type Views = { [K in Command['kind']]?: View<OfKind<K>> };

/*
 * How each command kind that prints the device's state prints it, one entry per kind as
 * sim/programs.ts has for the programs; a kind whose command may also change state (iptables,
 * conntrack, sysctl) answers undefined for the forms that do.
 */
const VIEWS: Views = {
  'ip-addr-show': (stack, c) => printIpAddrShow(stack, c, c.ipOptions),
  'ip-link-show': (stack, c) => printIpAddrShow(stack, c, c.ipOptions),
  'ip-route-show': printIpRouteShow,
  'ip-route-get': printRouteGet,
  'ip-rule-show': printIpRuleShow,
  'ip-neigh-show': printIpNeighShow,
  iptables: (stack, c) => (c.action.op === 'list' ? printIptablesL(stack, c) : c.action.op === 'list-rules' ? printIptablesS(stack, c) : undefined),
  'iptables-save': printIptablesSave,
  conntrack: (stack, c) => (c.action === 'list' ? { ...conntrackList(stack, c), status: 0 } : c.action === 'count' ? { ...conntrackCount(stack), status: 0 } : undefined),
  'bridge-fdb-show': printBridgeFdb,
  brctl: printBrctl,
  'bridge-link-show': printBridgeLink,
  cat: printCat,
  dmesg: (stack, c) => (c.clear ? undefined : { stdout: dmesgOutput(stack, c), stderr: '', status: 0 }),
  ipset: printIpset,
  nfacct: printNfacct,
  ipvsadm: printIpvsadm,
  // Listing changes nothing; `nft monitor` is a program that runs on (sim/programs.ts).
  nft: (stack, c) => (nftRole(c) === 'read' && !(c.input.kind === 'words' && /^monitor(\s|$)/.test(c.input.text.trim())) ? runNftCommand(stack, c) : undefined),
  sysctl: (stack, c) => {
    if (c.writes.length || c.load !== undefined) return undefined;
    // Reads only: the same path as a config line's sysctl, which changes nothing here.
    const { stdout, stderr, status } = sysctl(stack, c);
    return { stdout, stderr, status };
  },
};

export function runView(stack: Stack, c: Command): ViewOutput | undefined {
  const view = VIEWS[c.kind] as View<Command> | undefined;
  return view?.(stack, c);
}
