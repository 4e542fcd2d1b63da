import type { Stack } from '../../kernel/stack';
import type { TableRef } from '../../command/types';

/** What a printer returns: the tool's stdout, stderr and exit status. */
export interface Printed {
  stdout: string;
  stderr: string;
  status: number;
}

export const ok = (stdout: string): Printed => ({ stdout, stderr: '', status: 0 });
export const fail = (stderr: string, status: number, stdout = ''): Printed => ({ stdout, stderr: stderr.endsWith('\n') || stderr === '' ? stderr : `${stderr}\n`, status });

/** rtnl_rttable_n2a: the name from rt_tables (the device's /etc/iproute2/rt_tables), else the number. */
export function tableName(stack: Stack, id: number): string {
  for (const [name, n] of stack.rtTables) if (n === id) return name;
  return String(id);
}

/** Resolves a table given on the command line; undefined when the name is not in rt_tables. */
export function tableId(stack: Stack, ref: TableRef): number | undefined {
  return ref.kind === 'id' ? ref.id : stack.rtTables.get(ref.name);
}

const SCOPE_NAMES: Record<number, string> = { 0: 'global', 200: 'site', 253: 'link', 254: 'host', 255: 'nowhere' };
/** rtnl_rtscope_n2a. */
export function scopeName(scope: number): string {
  return SCOPE_NAMES[scope] ?? String(scope);
}

/** rtnl_rtprot_n2a with iproute2 6.1's stock rt_protos. */
const PROTO_NAMES: Record<number, string> = {
  0: 'unspec', 1: 'redirect', 2: 'kernel', 3: 'boot', 4: 'static', 8: 'gated', 9: 'ra', 10: 'mrt', 11: 'zebra',
  12: 'bird', 13: 'dnrouted', 14: 'xorp', 15: 'ntk', 16: 'dhcp', 18: 'keepalived', 42: 'babel', 99: 'openr',
  186: 'bgp', 187: 'isis', 188: 'ospf', 189: 'rip', 192: 'eigrp',
};
export function routeProtoName(p: number): string {
  return PROTO_NAMES[p] ?? String(p);
}
