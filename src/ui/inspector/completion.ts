/*
 * What to offer while typing a config line: command words, ip's objects and keywords,
 * iptables options and their values, this device's port names (and lo), and the scenario's
 * device names. Pure: ConfigEditor adapts it to CodeMirror's completion source. iptables'
 * matches, targets and their options come from the extension registry.
 */

import { AF_INET, AF_INET6, type Family } from '../../engine/addr/family';
import { findMatch, findTarget, registeredMatches, registeredTargets } from '../../engine/iptables/extensions';
import type { XtMatchType, XtTargetType } from '../../engine/iptables/xtables';
import { COMPLETED_TOOLS } from '../../engine/command/registry';

export interface CompletionContext {
  /** Device ids of the scenario. */
  devices: readonly string[];
  /** Port names of the device being edited (lo is added here). */
  ports: readonly string[];
}

export interface Suggestion {
  label: string;
  type: 'keyword' | 'function' | 'variable' | 'constant' | 'property' | 'type' | 'text';
  detail?: string;
}

export interface CompletionResult {
  /** 0-based offset in the line where the word being completed starts. */
  from: number;
  options: Suggestion[];
}

/** The tools a config line runs, from the command registry (each tool's entry says how it is offered). */
export const COMMAND_WORDS: readonly Suggestion[] = COMPLETED_TOOLS.map((t) => ({ label: t.name, type: 'function', detail: t.detail }));

const IP_OBJECTS: readonly Suggestion[] = [
  { label: 'addr', type: 'keyword', detail: 'addresses' },
  { label: 'route', type: 'keyword', detail: 'routing tables' },
  { label: 'rule', type: 'keyword', detail: 'policy routing rules' },
  { label: 'neigh', type: 'keyword', detail: 'ARP entries' },
  { label: 'link', type: 'keyword', detail: 'interfaces' },
];

const IP_VERBS: Record<string, readonly string[]> = {
  addr: ['add', 'del', 'flush'],
  route: ['add', 'replace', 'del', 'change', 'append', 'flush'],
  rule: ['add', 'del'],
  neigh: ['add', 'replace', 'del', 'flush'],
  link: ['set'],
};

const IP_OBJECT_ALIASES: Record<string, string> = {
  a: 'addr', addr: 'addr', address: 'addr', r: 'route', ro: 'route', route: 'route', ru: 'rule', rule: 'rule',
  n: 'neigh', neigh: 'neigh', neighbor: 'neigh', neighbour: 'neigh', l: 'link', link: 'link',
};

const IP_KEYWORDS: Record<string, readonly string[]> = {
  addr: ['dev', 'broadcast', 'label', 'scope', 'peer'],
  route: ['default', 'via', 'dev', 'src', 'table', 'metric', 'scope', 'proto', 'onlink', 'blackhole', 'unreachable', 'prohibit', 'throw', 'local'],
  rule: ['from', 'to', 'fwmark', 'iif', 'oif', 'not', 'priority', 'lookup', 'table', 'blackhole', 'unreachable', 'prohibit'],
  neigh: ['dev', 'lladdr', 'nud'],
  link: ['up', 'down', 'address', 'dev'],
};

/** iptables' own options; the extensions' options come from their registry. */
const IPTABLES_OPTIONS: readonly Suggestion[] = [
  { label: '-t', type: 'property', detail: 'table' },
  { label: '-A', type: 'property', detail: 'append to chain' },
  { label: '-I', type: 'property', detail: 'insert into chain' },
  { label: '-D', type: 'property', detail: 'delete from chain' },
  { label: '-P', type: 'property', detail: 'chain policy' },
  { label: '-N', type: 'property', detail: 'new chain' },
  { label: '-F', type: 'property', detail: 'flush' },
  { label: '-s', type: 'property', detail: 'source' },
  { label: '-d', type: 'property', detail: 'destination' },
  { label: '-i', type: 'property', detail: 'in interface' },
  { label: '-o', type: 'property', detail: 'out interface' },
  { label: '-p', type: 'property', detail: 'protocol' },
  { label: '-m', type: 'property', detail: 'match module' },
  { label: '-j', type: 'property', detail: 'target' },
];

/** The match `-p` loads implicitly. */
const PROTOCOL_MATCH: Record<string, string> = { tcp: 'tcp', udp: 'udp', icmp: 'icmp', 'ipv6-icmp': 'icmp6', icmpv6: 'icmp6' };

/** The extensions a line has loaded so far: `-m NAME`, `-j NAME`, and `-p tcp|udp|icmp`'s match. */
function loadedExtensions(before: readonly string[], family: Family): (XtMatchType | XtTargetType)[] {
  const out: (XtMatchType | XtTargetType)[] = [];
  for (let i = 0; i + 1 < before.length; i++) {
    const [w, next] = [before[i]!, before[i + 1]!];
    const ext = w === '-m' || w === '--match' ? findMatch(next, family) : w === '-j' || w === '--jump' ? findTarget(next, family) : w === '-p' || w === '--protocol' ? findMatch(PROTOCOL_MATCH[next] ?? '', family) : undefined;
    if (ext) out.push(ext);
  }
  return out;
}

/**
 * The extensions' options: every option of the ones this line loaded, then the options every
 * registered extension names as its main ones (those with a detail), each label once.
 */
function extensionOptions(loaded: readonly (XtMatchType | XtTargetType)[], family: Family): Suggestion[] {
  const out = new Map<string, Suggestion>();
  for (const ext of loaded) for (const o of ext.options) if (!out.has(`--${o.name}`)) out.set(`--${o.name}`, { label: `--${o.name}`, type: 'property', detail: o.detail ?? `${ext.kind === 'match' ? '-m ' : ''}${ext.name}` });
  for (const ext of [...registeredMatches(family), ...registeredTargets(family)]) {
    for (const o of ext.options) if (o.detail && !out.has(`--${o.name}`)) out.set(`--${o.name}`, { label: `--${o.name}`, type: 'property', detail: o.detail });
  }
  return [...out.values()];
}

/** The values an extension option offers (`--ctstate ` → NEW, ESTABLISHED, …). */
function optionValues(loaded: readonly (XtMatchType | XtTargetType)[], prev: string, family: Family): Suggestion[] | undefined {
  if (!prev.startsWith('--')) return undefined;
  const name = prev.slice(2);
  for (const ext of [...loaded, ...registeredMatches(family), ...registeredTargets(family)]) {
    const o = ext.options.find((opt) => opt.name === name && opt.values);
    if (o) return words(o.values!, 'constant', o.detail ?? name);
  }
  return undefined;
}

const OTHER_OPTIONS: Record<string, readonly Suggestion[]> = {
  sysctl: [{ label: '-w', type: 'property', detail: 'write key=value' }],
  nc: [
    { label: '-l', type: 'property', detail: 'listen' },
    { label: '-k', type: 'property', detail: 'keep listening' },
    { label: '-u', type: 'property', detail: 'UDP' },
  ],
  conntrack: [{ label: '-F', type: 'property', detail: 'flush the table' }],
  'iptables-save': [
    { label: '-c', type: 'property', detail: "each rule's [packets:bytes]" },
    { label: '-t', type: 'property', detail: 'one table' },
  ],
};

const TABLES = ['filter', 'nat', 'mangle', 'raw'];
const CHAINS = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];
const PROTOCOLS = ['tcp', 'udp', 'icmp', 'all'];
const PROTOCOLS6 = ['tcp', 'udp', 'ipv6-icmp', 'all'];
const SYSCTL_KEYS = [
  'net.ipv4.ip_forward=1',
  'net.ipv4.conf.all.rp_filter=1',
  'net.ipv4.conf.all.arp_ignore=1',
  'net.ipv4.conf.all.arp_announce=2',
  'net.ipv4.conf.all.proxy_arp=1',
  'net.ipv4.conf.all.route_localnet=1',
  'net.ipv4.conf.all.send_redirects=0',
];
const ECHO_FILES = ['/etc/hosts', '/etc/resolv.conf', '/etc/iproute2/rt_tables', '/proc/sys/net/ipv4/ip_forward'];

/** Words whose next word is an interface name. */
const INTERFACE_BEFORE = new Set(['dev', 'iif', 'oif', '-i', '-o', '--in-interface', '--out-interface', 'iifname', 'oifname']);

function words(labels: readonly string[], type: Suggestion['type'], detail?: string): Suggestion[] {
  return labels.map((label) => (detail ? { label, type, detail } : { label, type }));
}

/** The words of a simple command before `upTo` (rough: quotes kept as typed). */
function commandWords(line: string, upTo: number): string[] {
  const before = line.slice(0, upTo);
  let start = 0;
  for (const m of before.matchAll(/&&|\|\||[;|&]/g)) start = m.index + m[0].length;
  return before.slice(start).split(/[ \t]+/).filter(Boolean);
}

/** What to offer at `pos` (0-based) in `line`; undefined inside a comment. */
export function completeConfig(line: string, pos: number, ctx: CompletionContext): CompletionResult | undefined {
  let from = pos;
  while (from > 0 && !/[ \t;&|<>]/.test(line[from - 1]!)) from--;
  if (line.slice(0, from).includes('#') && /(^|[ \t])#/.test(line.slice(0, from))) return undefined;
  const before = commandWords(line, from);
  const prev = before[before.length - 1];
  const command = before[0];
  const ports = words([...ctx.ports, ...(ctx.ports.includes('lo') ? [] : ['lo'])], 'variable', 'port');
  const devices = words(ctx.devices, 'text', 'device');

  if (!command) return { from, options: [...COMMAND_WORDS] };
  if (/>\s*$/.test(line.slice(0, from))) return { from, options: words(ECHO_FILES, 'text', 'file') };
  if (prev && INTERFACE_BEFORE.has(prev)) return { from, options: ports };

  if (command === 'ip') {
    const rest = before.slice(1).filter((w) => !w.startsWith('-'));
    if (rest.length === 0) return { from, options: [...IP_OBJECTS] };
    const object = IP_OBJECT_ALIASES[rest[0]!];
    if (!object) return { from, options: [] };
    if (rest.length === 1) return { from, options: words(IP_VERBS[object]!, 'keyword') };
    if (object === 'link' && rest.length === 2) return { from, options: ports };
    if (prev === 'table' || prev === 'lookup') return { from, options: words(['main', 'local', 'default'], 'constant', 'table') };
    if (prev === 'scope') return { from, options: words(['link', 'host', 'global'], 'constant', 'scope') };
    if (prev === 'nud') return { from, options: words(['permanent', 'reachable', 'stale', 'noarp'], 'constant') };
    return { from, options: [...words(IP_KEYWORDS[object]!, 'keyword'), ...devices] };
  }

  if (/^ip6?tables(-nft|-legacy)?-save$/.test(command)) {
    if (prev === '-t' || prev === '--table') return { from, options: words(TABLES, 'constant', 'table') };
    return { from, options: [...OTHER_OPTIONS['iptables-save']!] };
  }

  if (command.startsWith('iptables') || command.startsWith('ip6tables')) {
    // ip6tables offers what it loads: icmp6 and its REJECT, not icmp.
    const family = command.startsWith('ip6') ? AF_INET6 : AF_INET;
    if (prev === '-t' || prev === '--table') return { from, options: words(TABLES, 'constant', 'table') };
    if (prev && ['-A', '-I', '-D', '-P', '-N', '-F', '--append', '--insert', '--delete', '--policy'].includes(prev)) {
      return { from, options: words(CHAINS, 'constant', 'chain') };
    }
    if (prev === '-j' || prev === '--jump') return { from, options: registeredTargets(family).map((t) => ({ label: t.name, type: 'constant', detail: t.detail })) };
    if (prev === '-p' || prev === '--protocol') return { from, options: words(family === AF_INET6 ? PROTOCOLS6 : PROTOCOLS, 'constant', 'protocol') };
    if (prev === '-m' || prev === '--match') return { from, options: registeredMatches(family).map((m) => ({ label: m.name, type: 'constant', detail: m.detail })) };
    const loaded = loadedExtensions(before, family);
    const values = prev && optionValues(loaded, prev, family);
    if (values) return { from, options: values };
    if (before.length >= 2 && prev && ['-P', '--policy'].includes(before[before.length - 2]!)) {
      return { from, options: words(['ACCEPT', 'DROP'], 'constant', 'policy') };
    }
    return { from, options: [...IPTABLES_OPTIONS, ...extensionOptions(loaded, family), ...devices] };
  }

  if (command === 'sysctl') {
    if (prev === '-w') return { from, options: words(SYSCTL_KEYS, 'property', 'sysctl') };
    if (prev === 'sysctl') return { from, options: [...OTHER_OPTIONS.sysctl!, ...words(SYSCTL_KEYS, 'property', 'sysctl')] };
    return { from, options: [] };
  }

  if (line[from] === '-' || line[pos - 1] === '-' || line.slice(from, pos).startsWith('-')) {
    return { from, options: [...(OTHER_OPTIONS[command] ?? [])] };
  }
  return { from, options: [...(OTHER_OPTIONS[command] ?? []), ...devices] };
}
