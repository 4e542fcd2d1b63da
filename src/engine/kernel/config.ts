import { broadcastOf, formatIp4 } from '../addr/ipv4';
import { IPTABLES_BANNER as IPT_NFT, IPTABLES_RUNTIME_ERRORS as IPT } from '../command/iptables-values';
import type { ConntrackCommand, IpAddrFlush, IpNeighFlush, IpRouteFlush, IpAddrChange, IpLinkSet, IpNeighChange, IpRouteChange, IpRuleChange, IptablesCommand, IptablesRestoreCommand, SysctlCommand, TableRef, Word, FileWriteCommand } from '../command/types';
import { addAddress, delAddress, rebuildKernelRoutes } from './devinet';
import { conntrackFlush, ipAddrFlush, ipNeighFlush, ipRouteFlush } from './flush';
import { KernelError } from './errors';
import { RT_SCOPE_HOST, RT_SCOPE_UNIVERSE } from './fib';
import { addRule, createRoute, deleteRoute, deleteRule, insertRoute } from './fib_frontend';
import type { FibRule } from './fib_rules';
import { buildRule, isJump } from '../iptables/build';
import { checkRule, forgetReach, type RuleRefusal } from './netfilter/validate';
import { Chain, zeroCounters, type IpTable, type IptRule } from './netfilter/x_tables';
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

export function iptables(stack: Stack, c: IptablesCommand): Output {
  stack.nf.invalidate();
  if (c.table === 'security') throw new CommandFailure('hairpin: the security table is not modelled', 2);
  const table = stack.nf.tables[c.table];
  const a = c.action;
  const chainOf = (name: string | undefined): Chain => {
    const ch = name === undefined ? undefined : table.chains.get(name);
    if (!ch) throw new CommandFailure(IPT.noChain, 1, c.chainColumn);
    return ch;
  };
  switch (a.op) {
    case 'append':
    case 'insert':
    case 'replace':
    case 'check':
    case 'delete': {
      const ch = chainOf(a.chain);
      const t = a.rule.target;
      if (isJump(t) && !table.chains.has(t.chain)) throw new CommandFailure(IPT.jumpToMissing(t.chain), 2, t.column);
      const rule = buildRule(a.rule);
      const refused = (why: RuleRefusal) => new CommandFailure(`${IPT_NFT}:  RULE_${a.op.toUpperCase()} failed (${why}): rule in chain ${a.chain}`, 4, c.chainColumn);
      // Jumps decide which hooks reach which chains: the cached answer goes when one comes or goes.
      const jumps = (r: IptRule | undefined) => r?.target.enters !== undefined;
      if (a.op === 'append' || a.op === 'insert') {
        if (a.op === 'insert' && a.index - 1 > ch.rules.length) throw new CommandFailure(IPT.insertTooBig, 1);
        const why = checkRule(table, c.table, ch, rule);
        if (why) throw refused(why);
        if (a.op === 'append') ch.rules.push(rule);
        else ch.rules.splice(a.index - 1, 0, rule);
        if (jumps(rule)) forgetReach(table);
      } else if (a.op === 'replace') {
        if (a.index > ch.rules.length) throw new CommandFailure(IPT.badRule, 1);
        const old = ch.rules[a.index - 1]!;
        ch.rules.splice(a.index - 1, 1);
        if (jumps(old)) forgetReach(table);
        const why = checkRule(table, c.table, ch, rule);
        ch.rules.splice(a.index - 1, 0, why ? old : rule);
        if (jumps(old) || jumps(rule)) forgetReach(table);
        if (why) throw refused(why);
      } else {
        const i = ch.rules.findIndex((r) => r.text === rule.text);
        if (i < 0) throw new CommandFailure(IPT.badRule, 1);
        if (a.op === 'delete') {
          ch.rules.splice(i, 1);
          if (jumps(rule)) forgetReach(table);
        }
      }
      return { stdout: '', stderr: '' };
    }
    case 'delete-index': {
      const ch = chainOf(a.chain);
      if (a.index > ch.rules.length) throw new CommandFailure(IPT.deleteTooBig, 1);
      ch.rules.splice(a.index - 1, 1);
      forgetReach(table);
      return { stdout: '', stderr: '' };
    }
    case 'policy': {
      const ch = chainOf(a.chain);
      if (!ch.builtin) throw new CommandFailure(IPT.badBuiltin, 1);
      if (a.policy !== 'ACCEPT' && a.policy !== 'DROP') throw new CommandFailure(IPT.badPolicy, 1);
      ch.policy = a.policy;
      return { stdout: '', stderr: '' };
    }
    case 'new-chain':
      if (table.chains.has(a.chain)) throw new CommandFailure(IPT.chainExists, 1);
      table.chains.set(a.chain, new Chain(a.chain));
      return { stdout: '', stderr: '' };
    case 'rename-chain': {
      const ch = chainOf(a.chain);
      forgetReach(table);
      if (table.chains.has(a.newName)) throw new CommandFailure(IPT.chainExists, 1);
      table.chains.delete(a.chain);
      const renamed = new Chain(a.newName, ch.policy);
      renamed.rules.push(...ch.rules);
      table.chains.set(a.newName, renamed);
      return { stdout: '', stderr: '' };
    }
    case 'flush':
      forgetReach(table);
      for (const ch of a.chain ? [chainOf(a.chain)] : table.chains.values()) ch.rules.length = 0;
      return { stdout: '', stderr: '' };
    case 'zero':
      zeroCounters(a.chain ? [chainOf(a.chain)] : table.chains.values());
      return { stdout: '', stderr: '' };
    case 'delete-chain': {
      forgetReach(table);
      const victims = a.chain ? [chainOf(a.chain)] : [...table.chains.values()].filter((ch) => !ch.builtin);
      for (const ch of victims) {
        if (ch.builtin) throw new CommandFailure(IPT.badBuiltin, 1);
        if (ch.rules.length) throw new CommandFailure(IPT.chainNotEmpty, 1);
        table.chains.delete(ch.name);
      }
      return { stdout: '', stderr: '' };
    }
    default:
      throw new CommandFailure('hairpin: listing is a flow command', 2);
  }
}

/** Every chain of a table with its policy and rules, to put back when a restore fails. */
function snapshot(table: IpTable): () => void {
  const saved = [...table.chains.values()].map((ch) => ({ ch, policy: ch.policy, rules: ch.rules.slice() }));
  return () => {
    table.chains.clear();
    for (const { ch, policy, rules } of saved) {
      ch.policy = policy;
      ch.rules.length = 0;
      for (const r of rules) ch.rules.push(r);
      table.chains.set(ch.name, ch);
    }
    forgetReach(table);
  };
}

/**
 * iptables-restore commits the whole input as one nf_tables transaction: a rule the kernel
 * refuses leaves every table as it was, and the message names the line of the input.
 */
function iptablesRestore(stack: Stack, c: IptablesRestoreCommand): void {
  stack.nf.invalidate();
  const undo = Object.values(stack.nf.tables).map(snapshot);
  for (const t of c.tables) {
    if (t.table === 'security') continue;
    const table = stack.nf.tables[t.table];
    forgetReach(table);
    if (!c.noflush) {
      for (const [name, ch] of [...table.chains]) {
        ch.rules.length = 0;
        if (!ch.builtin) table.chains.delete(name);
      }
    }
    for (const ch of t.chains) {
      const existing = table.chains.get(ch.chain);
      if (ch.policy === '-') {
        if (!existing) table.chains.set(ch.chain, new Chain(ch.chain));
      } else if (existing?.builtin) existing.policy = ch.policy === 'DROP' ? 'DROP' : 'ACCEPT';
    }
    for (const cmd of t.commands) {
      try {
        iptables(stack, cmd.command);
      } catch (e) {
        if (!(e instanceof CommandFailure)) throw e;
        for (const put of undo) put();
        throw new CommandFailure(restoreMessage(e.message, cmd.inputLine), e.exitStatus, e.column, cmd.line);
      }
    }
  }
}

/** How iptables-restore words a failure of the rule on input line `line`. */
function restoreMessage(message: string, line: number): string {
  const kernel = /^iptables v[\d.]+ \(nf_tables\): {2}(RULE_.*)$/.exec(message);
  if (kernel) return `${IPT_NFT.replace('iptables', 'iptables-restore')}: \nline ${line}: ${kernel[1]}`;
  const runtime = /^iptables: (.*)$/.exec(message);
  if (runtime) return `iptables-restore: line ${line} failed: ${runtime[1]}`;
  return message.replace(IPT_NFT, IPT_NFT.replace('iptables', 'iptables-restore'));
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

