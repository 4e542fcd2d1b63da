import { formatPrefix } from '../../addr/ipv4';
import type { IpGlobalOptions, IpShow } from '../../command/types';
import { getprotobynumber } from '../../addr/protocols';
import type { FibRule, PortRange } from '../../kernel/fib_rules';
import type { Stack } from '../../kernel/stack';
import { fail, ok, routeProtoName, tableName, type Printed } from './common';

/* `ip rule show` as iproute2 6.1 prints it (ip/iprule.c print_rule): `PRIO:<TAB>` then the selectors and the action. */

/** A port range as print_rule prints it: one port alone. */
const portRange = (r: PortRange) => (r.start === r.end ? `${r.start}` : `${r.start}-${r.end}`);

export function ruleLine(stack: Stack, r: FibRule, details = false): string {
  const parts: string[] = [];
  if (r.not) parts.push('not');
  parts.push(r.from ? `from ${formatPrefix(r.from.addr, r.from.len)}` : 'from all');
  if (r.to) parts.push(`to ${formatPrefix(r.to.addr, r.to.len)}`);
  if (r.tos) parts.push(`tos 0x${r.tos.toString(16).padStart(2, '0')}`);
  if (r.fwmark !== undefined) {
    const mask = r.fwmask ?? 0xffffffff;
    parts.push(mask === 0xffffffff ? `fwmark 0x${(r.fwmark >>> 0).toString(16)}` : `fwmark 0x${(r.fwmark >>> 0).toString(16)}/0x${(mask >>> 0).toString(16)}`);
  }
  if (r.iif !== undefined) parts.push(`iif ${r.iif}${stack.byName.has(r.iif) ? '' : ' [detached]'}`);
  if (r.oif !== undefined) parts.push(`oif ${r.oif}${stack.byName.has(r.oif) ? '' : ' [detached]'}`);
  if (r.uidrange) parts.push(`uidrange ${r.uidrange.start}-${r.uidrange.end}`);
  if (r.ipproto) parts.push(`ipproto ${getprotobynumber(r.ipproto) ?? `ipproto-${r.ipproto}`}`);
  if (r.sport) parts.push(`sport ${portRange(r.sport)}`);
  if (r.dport) parts.push(`dport ${portRange(r.dport)}`);
  switch (r.action) {
    case 'lookup':
      parts.push(`lookup ${tableName(stack, r.table)}`);
      if (r.suppressPrefixlen !== undefined) parts.push(`suppress_prefixlength ${r.suppressPrefixlen}`);
      break;
    case 'goto':
      parts.push(`goto ${r.gotoPriority}${stack.ipv4.rulesOps.rules.some((x) => x.priority === r.gotoPriority) ? '' : ' [unresolved]'}`);
      break;
    default:
      parts.push(r.action);
  }
  // -d adds who made it: `proto kernel` for the default rules, `proto unspec` for `ip rule add`.
  if (details) parts.push(`proto ${routeProtoName(r.protocol ?? 0)}`);
  return `${r.priority}:\t${parts.join(' ')}\n`;
}

export function printIpRuleShow(stack: Stack, c: IpShow & { ipOptions?: IpGlobalOptions }): Printed {
  if (c.dev || c.selectors.length) return fail(`hairpin: ip rule show selectors are not supported`, 2);
  const details = c.ipOptions?.details ?? false;
  return ok(stack.ipv4.rulesOps.rules.map((r) => ruleLine(stack, r, details)).join(''));
}
