import { parsePortRange } from '../../command/iptables-values';
import type { PortRange } from '../../command/types';
import type { XtContext } from '../../kernel/netfilter/x_tables';
import { serviceName } from '../../export/print/services';

/* Port helpers the tcp, udp and multiport extensions share (as libxtables' port parsing). */

export { parsePortRange };

export const portRangeText = (r: PortRange) => (r.min === r.max ? `${r.min}` : `${r.min}:${r.max}`);

export function portOf(c: XtContext, which: 'sport' | 'dport'): number | undefined {
  const l4 = c.skb.pkt.payload;
  return l4.kind === 'tcp' || l4.kind === 'udp' ? l4[which] : undefined;
}

/** A port as -L prints it: its service name unless -n (getservbyport). */
export function printPort(p: number, numeric: boolean, proto: 'tcp' | 'udp' | undefined): string {
  if (numeric || !proto) return String(p);
  return serviceName(p, proto) ?? String(p);
}

export function printPortRange(r: PortRange, numeric: boolean, proto: 'tcp' | 'udp' | undefined): string {
  return r.min === r.max ? printPort(r.min, numeric, proto) : `${printPort(r.min, numeric, proto)}:${printPort(r.max, numeric, proto)}`;
}
