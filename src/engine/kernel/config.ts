import { broadcastOf, formatIp4 } from '../addr/ipv4';
import type { ConntrackCommand, IpAddrFlush, IpNeighFlush, IpRouteFlush, IpAddrChange, IpLinkSet, IpNeighChange, IpRouteChange, IpRuleChange, IptablesCommand, IptablesRestoreCommand, SysctlCommand, TableRef, Word, FileWriteCommand } from '../command/types';
import { addAddress, delAddress, rebuildKernelRoutes } from './devinet';
import { conntrackFlush, ipAddrFlush, ipNeighFlush, ipRouteFlush } from './flush';
import { KernelError } from './errors';
import { RT_SCOPE_HOST, RT_SCOPE_UNIVERSE } from './fib';
import { addRule, createRoute, deleteRoute, deleteRule, insertRoute } from './fib_frontend';
import type { FibRule } from './fib_rules';
import { iptables, iptablesRestore } from '../netlink/iptables';
import type { NetDevice } from './netdevice';
import type { Stack } from './stack';

/*
 * Applies configuration commands to a stack the way the tools and the kernel would, raising
 * the messages they print. Output printing commands live with the printers.
 */

/** A refusal: the tool's stderr, its exit status, and the column to underline. */
export class CommandFailure extends Error {
  constructor(
    message: string,
    readonly exitStatus: number,
    readonly column?: number,
    /** The config line it concerns when not the command's own (a rule inside iptables-restore input). */
    readonly line?: number,
  ) {
    super(message);
  }
}

export interface Output {
  stdout: string;
  stderr: string;
}

/** The device a command names, or iproute2's "Cannot find device" at the name's column. */
export function device(stack: Stack, w: Word): NetDevice {
  const dev = stack.byName.get(w.text);
  if (!dev) throw new CommandFailure(`Cannot find device "${w.text}"`, 1, w.column);
  return dev;
}

export function resolveTable(stack: Stack, t: TableRef, exitStatus = 1): number {
  if (t.kind === 'id') return t.id;
  const id = stack.rtTables.get(t.name);
  if (id === undefined) throw new CommandFailure(t.unknownError, exitStatus, t.column);
  return id;
}

/** Runs a kernel operation, turning its refusal into the tool's failure (exit 2 for ip). */
function netlink<T>(fn: () => T, exitStatus = 2): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof KernelError) throw new CommandFailure(e.message, exitStatus);
    throw e;
  }
}

function ipAddr(stack: Stack, c: IpAddrChange): void {
  const dev = device(stack, c.dev);
  if (c.action === 'del') return netlink(() => delAddress(stack, dev, c.address, c.prefixGiven ? c.prefixLen : undefined));
  const broadcast = c.broadcast === '+' ? broadcastOf(c.address, c.prefixLen) : c.broadcast === '-' ? undefined : c.broadcast;
  netlink(() => addAddress(stack, dev, { local: c.address, prefixLen: c.prefixLen, broadcast, scope: c.scope ?? (dev.loopback && c.address >>> 24 === 127 ? 254 : RT_SCOPE_UNIVERSE), label: c.label ?? dev.name }));
}

function ipLink(stack: Stack, c: IpLinkSet): void {
  const dev = device(stack, c.dev);
  if (c.address) dev.mac = c.address;
  if (c.mtu !== undefined) dev.mtu = c.mtu;
  if (c.up !== undefined && c.up !== dev.up) {
    dev.up = c.up;
    rebuildKernelRoutes(stack, dev);
    // Going down kills every route through the device except the host-scope local ones
    // (fib_sync_down_dev); they do not come back with `up`.
    if (!c.up) stack.fibFlush((r) => r.dev === dev && r.scope !== RT_SCOPE_HOST);
  }
}

function ipRoute(stack: Stack, c: IpRouteChange): void {
  const table = resolveTable(stack, c.table);
  const dev = c.dev ? device(stack, c.dev) : undefined;
  if (c.action === 'del') {
    return netlink(() => deleteRoute(stack, { dst: c.dst.addr, len: c.dst.len, table, gateway: c.via, dev, prefsrc: c.src, metric: c.metric, type: c.type === 'xresolve' || c.type === 'nat' ? undefined : c.type, protocol: c.protocol, tos: c.tos }));
  }
  const type = c.type ?? 'unicast';
  if (type === 'nat' || type === 'xresolve' || type === 'multicast') throw new CommandFailure(`hairpin: route type ${type} is not modelled`, 2);
  netlink(() => {
    const route = createRoute(stack, { type, dst: c.dst.addr, len: c.dst.len, table, gateway: c.via, dev, prefsrc: c.src, metric: c.metric, scope: c.scope, protocol: c.protocol, tos: c.tos, onlink: c.onlink });
    const mode = c.action === 'replace' || c.action === 'change' ? 'replace' : c.action === 'append' || c.action === 'prepend' ? 'append' : 'add';
    insertRoute(stack, route, mode);
  });
}

function ipRule(stack: Stack, c: IpRuleChange): void {
  const act = c.ruleAction ?? { kind: 'lookup' as const, table: { kind: 'id' as const, id: 254 } };
  const rule: Omit<FibRule, 'priority'> & { priority?: number } = {
    priority: c.priority,
    not: c.not,
    from: c.from && c.from.len > 0 ? { addr: c.from.addr, len: c.from.len } : undefined,
    to: c.to && c.to.len > 0 ? { addr: c.to.addr, len: c.to.len } : undefined,
    tos: c.tos,
    fwmark: c.fwmark?.value,
    fwmask: c.fwmark ? (c.fwmark.mask ?? 0xffffffff) : undefined,
    iif: c.iif,
    oif: c.oif,
    action: act.kind,
    table: act.kind === 'lookup' ? resolveTable(stack, act.table) : 0,
    gotoPriority: act.kind === 'goto' ? act.target : undefined,
    suppressPrefixlen: c.suppressPrefixLength,
  };
  if (c.action === 'del') {
    const sel: { -readonly [K in keyof FibRule]?: FibRule[K] } = {};
    if (c.priority !== undefined) sel.priority = c.priority;
    if (c.ruleAction?.kind === 'lookup') sel.table = rule.table;
    if (rule.fwmark !== undefined) sel.fwmark = rule.fwmark;
    if (rule.from) sel.from = rule.from;
    if (rule.to) sel.to = rule.to;
    if (c.iif) sel.iif = c.iif;
    if (c.oif) sel.oif = c.oif;
    return netlink(() => deleteRule(stack, sel));
  }
  netlink(() => addRule(stack, rule));
}

function ipNeigh(stack: Stack, c: IpNeighChange): void {
  const dev = device(stack, c.dev);
  if (c.action === 'del') {
    const n = stack.neigh.lookup(dev, c.address);
    if (!n) throw new CommandFailure('RTNETLINK answers: No such file or directory', 2);
    stack.neigh.delete(n);
    return;
  }
  const existing = stack.neigh.lookup(dev, c.address);
  if (c.action === 'add' && existing) throw new CommandFailure('RTNETLINK answers: File exists', 2);
  if (c.action === 'change' && !existing) throw new CommandFailure('RTNETLINK answers: No such file or directory', 2);
  // nud none/incomplete/delay/probe/failed without an address make no usable entry: nothing to keep.
  if (!c.lladdr && !existing?.mac && !['permanent', 'noarp', 'reachable', 'stale'].includes(c.nud)) return;
  const state = c.nud === 'noarp' ? 'NOARP' : c.nud === 'reachable' ? 'REACHABLE' : c.nud === 'stale' ? 'STALE' : 'PERMANENT';
  // neigh_add: a valid state needs a link-layer address, given or already known (change keeps it).
  const mac = c.lladdr ?? (c.lladdr === null ? undefined : existing?.mac);
  if (!mac) throw new CommandFailure('Error: No link layer address given.', 2);
  stack.neigh.setStatic(dev, c.address, mac, state);
}

function sysctl(stack: Stack, c: SysctlCommand): Output {
  let stdout = '';
  for (const w of c.writes) {
    try {
      stack.sysctl.set(w.key, w.value);
    } catch (e) {
      if (!(e instanceof KernelError)) throw e;
      const msg = c.via === 'proc' ? `bash: /proc/sys/${w.key.replace(/\./g, '/')}: No such file or directory` : e.message;
      throw new CommandFailure(msg, 1, w.column);
    }
    if (c.via === 'sysctl' && !c.quiet) stdout += c.valuesOnly ? `${w.value}\n` : `${w.key} = ${w.value}\n`;
  }
  for (const r of c.reads) {
    const v = stack.sysctl.get(r.key);
    if (v === undefined) throw new CommandFailure(`sysctl: cannot stat /proc/sys/${r.key.replace(/\./g, '/')}: No such file or directory`, 1, r.column);
    stdout += c.valuesOnly ? `${v}\n` : `${r.key} = ${v}\n`;
  }
  return { stdout, stderr: '' };
}

function fileWrite(stack: Stack, c: FileWriteCommand): void {
  if (c.file === '/etc/hosts') {
    if (!c.append) stack.files.hosts.length = 0;
    for (const e of c.entries) stack.files.hosts.push({ ip: e.address, names: e.names });
  } else if (c.file === '/etc/resolv.conf') {
    stack.files.nameservers = c.append ? [...stack.files.nameservers, ...c.nameservers] : [...c.nameservers];
  } else {
    if (!c.append) for (const [name, id] of [...stack.rtTables]) if (!['local', 'main', 'default', 'unspec'].includes(name) || id < 0) stack.rtTables.delete(name);
    for (const e of c.entries) stack.rtTables.set(e.name, e.id);
  }
}

export type KernelConfigCommand = IpAddrChange | IpAddrFlush | IpRouteFlush | IpNeighFlush | ConntrackCommand | IpLinkSet | IpRouteChange | IpRuleChange | IpNeighChange | SysctlCommand | FileWriteCommand | IptablesCommand | IptablesRestoreCommand;

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
    case 'ip-route':
      ipRoute(stack, c);
      return none;
    case 'ip-rule':
      ipRule(stack, c);
      return none;
    case 'ip-neigh':
      ipNeigh(stack, c);
      return none;
    case 'sysctl':
      return sysctl(stack, c);
    case 'file-write':
      fileWrite(stack, c);
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
      return conntrackFlush(stack, c);
  }
}

