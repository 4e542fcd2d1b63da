import type { Command } from '../command/types';
import type { Stack } from '../kernel/stack';
import { printBridgeFdb } from '../export/print/bridge-fdb';
import { printConntrackList } from '../export/print/conntrack';
import { printCat } from '../export/print/files';
import { printIpAddrShow } from '../export/print/ip-addr';
import { printIpNeighShow } from '../export/print/ip-neigh';
import { printIpRouteShow } from '../export/print/ip-route';
import { printIpRuleShow } from '../export/print/ip-rule';
import { printIptablesL } from '../export/print/iptables-list';
import { printIptablesS, printIptablesSave } from '../export/print/iptables-save';
import { printRouteGet } from '../export/print/route-get';
import { sysctl } from '../netlink/sysctl';

/** Output of a state-viewing command (`ip route`, `iptables -S`, ...), or undefined if `c` changes state. */
export interface ViewOutput {
  stdout: string;
  stderr: string;
  status: number;
}

export function runView(stack: Stack, c: Command): ViewOutput | undefined {
  switch (c.kind) {
    case 'ip-addr-show':
    case 'ip-link-show':
      return printIpAddrShow(stack, c, c.ipOptions);
    case 'ip-route-show':
      return printIpRouteShow(stack, c);
    case 'ip-route-get':
      return printRouteGet(stack, c);
    case 'ip-rule-show':
      return printIpRuleShow(stack, c);
    case 'ip-neigh-show':
      return printIpNeighShow(stack, c);
    case 'iptables':
      if (c.action.op === 'list') return printIptablesL(stack, c);
      if (c.action.op === 'list-rules') return printIptablesS(stack, c);
      return undefined;
    case 'iptables-save':
      return printIptablesSave(stack, c);
    case 'conntrack':
      return c.action === 'list' ? printConntrackList(stack) : undefined;
    case 'bridge-fdb-show':
      return printBridgeFdb(stack, c);
    case 'cat':
      return printCat(stack, c);
    case 'sysctl': {
      if (c.writes.length) return undefined;
      // Reads only: the same path as a config line's sysctl, which changes nothing here.
      const { stdout, stderr, status } = sysctl(stack, c);
      return { stdout, stderr, status };
    }
    default:
      return undefined;
  }
}
