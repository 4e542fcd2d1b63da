import type { BridgeFdbChange, ConntrackCommand, FileWriteCommand, IpAddrChange, IpAddrFlush, IpLinkAdd, IpLinkDel, IpLinkSet, IpNeighChange, IpNeighFlush, IpRouteChange, IpRouteFlush, IpRuleChange, IptablesCommand, IptablesRestoreCommand, SysctlCommand, TextFileCommand } from '../command/types';
import { iptables, iptablesRestore } from './iptables';
import { ipset } from './ipset';
import { nfacct } from './nfacct';
import type { NfacctCommand } from '../command/nfacct';
import type { IpvsadmCommand } from '../command/ipvsadm';
import { ipvsadm } from './ipvsadm';
import type { IpsetCommand } from '../command/ipset';
import type { Stack } from '../kernel/stack';
import { conntrackDelete } from './conntrack';
import { fileWrite, textFile } from './files';
import { conntrackFlush, ipAddrFlush, ipNeighFlush, ipRouteFlush } from './flush';
import { ipAddr, ipLink, ipNeigh, ipRoute, ipRule } from './ip';
import { ipLinkAdd, ipLinkDel } from './ip-link-add';
import { bridgeFdb } from './bridge-fdb';
import { CommandFailure, type Output } from './libnetlink';
import { sysctl } from './sysctl';

/*
 * Applies configuration commands to a stack the way the tools would: each tool turns its parsed
 * command into requests to the kernel and words the kernel's answer. Output printing commands
 * live with the printers.
 */

export { CommandFailure, type Output };

export type KernelConfigCommand = IpAddrChange | IpAddrFlush | IpRouteFlush | IpNeighFlush | ConntrackCommand | IpLinkSet | IpLinkAdd | IpLinkDel | IpRouteChange | IpRuleChange | IpNeighChange | SysctlCommand | FileWriteCommand | TextFileCommand | IptablesCommand | IptablesRestoreCommand | IpsetCommand | NfacctCommand | IpvsadmCommand | BridgeFdbChange;

/** Applies one configuration command; returns what it prints. */
export function applyConfig(stack: Stack, c: KernelConfigCommand): Output {
  const none = { stdout: '', stderr: '' };
  switch (c.kind) {
    case 'ip-addr':
      ipAddr(stack, c);
      return { stdout: '', stderr: c.warning ? `${c.warning}\n` : '' };
    case 'ip-link-set':
      ipLink(stack, c);
      return none;
    case 'ip-link-add':
      ipLinkAdd(stack, c);
      return { stdout: '', stderr: c.warning ? `${c.warning}\n` : '' };
    case 'ip-link-del':
      ipLinkDel(stack, c);
      return none;
    case 'ip-route':
      ipRoute(stack, c);
      return none;
    case 'ip-rule':
      ipRule(stack, c);
      return none;
    case 'ip-neigh':
      ipNeigh(stack, c);
      return none;
    case 'sysctl': {
      const out = sysctl(stack, c);
      if (out.status) throw new CommandFailure(out.stderr, out.status, out.column, undefined, out.stdout);
      return { stdout: out.stdout, stderr: out.stderr };
    }
    case 'file-write':
      fileWrite(stack, c);
      return none;
    case 'text-file':
      textFile(stack, c);
      return none;
    case 'iptables':
      return iptables(stack, c);
    case 'iptables-restore':
      iptablesRestore(stack, c);
      return none;
    case 'ip-addr-flush':
      return ipAddrFlush(stack, c);
    case 'ip-route-flush':
      return ipRouteFlush(stack, c);
    case 'ip-neigh-flush':
      return ipNeighFlush(stack, c);
    case 'conntrack':
      if (c.action === 'delete') return conntrackDelete(stack, c);
      return conntrackFlush(stack, c);
    case 'ipset':
      return ipset(stack, c);
    case 'nfacct':
      return nfacct(stack, c);
    case 'ipvsadm':
      return ipvsadm(stack, c);
    case 'bridge-fdb':
      bridgeFdb(stack, c);
      return none;
  }
}
