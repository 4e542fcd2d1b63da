import { AF_INET6 } from '../addr/family';
import { Args, CommandError } from './args';
import { parseShellCommandString } from './bash';
import { parseBrctl } from './brctl';
import { parseDmesg } from './dmesg';
import { parseCat, parseCatHereDocument, parseEchoRedirect, parseSysctl } from './files';
import { parsePython } from './http-server';
import { parseIp } from './ip';
import { parseIpNetnsForms, parseNsenter, type InnerParser } from './netns';
import { parseIptables } from './iptables';
import { parseIptablesRestoreCommand } from './iptables-restore';
import { parseIptablesSave } from './iptables-save';
import { parseConntrack } from './conntrack';
import { ipsetChanges, parseIpset, parseIpsetRestore } from './ipset';
import { parseNfacct } from './nfacct';
import { ipvsadmRole, parseIpvsadm } from './ipvsadm';
import { nftRole, parseNft } from './nft';
import { parseSet } from './set';
import { parseSudo } from './sudo';
import { parseTimeout } from './timeout';
import { parseBridge, parseDnsmasq } from './services';
import { isBridgeLink, parseBridgeLink } from './bridge-link';
import { parseModprobe } from './modprobe';
import { parseEcho, parseGrep, parsePrintf } from './text-tools';
import { parseArping, parseCurl, parseDig, parseHost, parseNc, parsePing, parseSleep, parseTraceroute, parseWait } from './tools';
import { lex, type HereDocument } from './lexer';
import { parseTokens } from './parse';
import type { Command, GroupCommand, Word } from './types';

/*
 * Every command a line may run, one entry per tool: the names it answers to, how its words
 * parse, what it is for (its role), and what the config editor offers for it. How each one
 * runs as a process is sim/programs.ts, keyed by the parsed command's kind: the editor loads
 * this file, and must not load the whole kernel with it.
 */

/**
 * - config: changes the box (a device's config only);
 * - traffic: sends packets (flows only);
 * - output: only prints (flows only: in a config its output goes nowhere);
 * - reset: changes state, but a lesson runs it between steps (both);
 * - read: reads state (both);
 * - service: runs until killed (both, and only in the background).
 */
export type ToolRole = 'config' | 'traffic' | 'output' | 'reset' | 'read' | 'service';

export interface ParseSite {
  /** The name it was run as (`iptables-nft-save`, `nc.openbsd`). */
  name: string;
  /** Where the command name starts. */
  column: number;
  /** Column just past the last word. */
  end: number;
  /** `> FILE` / `>> FILE` on the command (only echo, and cat of a here-document, may have one). */
  fileRedirect?: { target: Word; append: boolean };
  /** A here-document on the command's standard input (config scripts only). */
  stdin?: HereDocument;
  /** `< FILE` on the command's standard input. */
  stdinFile?: Word;
  /** Whether the line is a device's config or a flow (a shell's `-c` string is parsed as its line is). */
  role?: 'config' | 'flow';
}

export interface ToolEntry {
  names: readonly string[];
  /** The command kinds its parser makes. */
  kinds: readonly Command['kind'][];
  parse(words: Word[], at: ParseSite): Command;
  role(command: Command): ToolRole;
  /** Offered as a command word while typing a config line, with this note. */
  completion?: string;
}

const IP_CONFIG = new Set(['ip-addr', 'ip-link-set', 'ip-link-add', 'ip-link-del', 'ip-route', 'ip-rule', 'ip-neigh']);

/** In the order the config editor offers them. */
export const TOOLS: readonly ToolEntry[] = [
  {
    names: ['ip'], kinds: ['ip-netns', 'netns-exec', 'ip-link-netns', 'ip-addr', 'ip-addr-flush', 'ip-addr-show', 'ip-link-set', 'ip-link-add', 'ip-link-del', 'ip-link-show', 'ip-route', 'ip-route-flush', 'ip-route-show', 'ip-route-get', 'ip-rule', 'ip-rule-show', 'ip-neigh', 'ip-neigh-flush', 'ip-neigh-show'], completion: 'addresses, routes, rules, neighbours, links',
    parse: (words, at) => parseIpNetnsForms(words, at.end, innerParser(at)) ?? parseIp(new Args(words, at.end), at.column),
    role: (c) => (c.kind === 'netns-exec' || c.kind === 'ip-netns' || c.kind === 'ip-link-netns' ? netnsRole(c) : IP_CONFIG.has(c.kind) ? 'config' : c.kind.endsWith('-flush') ? 'reset' : 'read'),
  },
  {
    names: ['nsenter'], kinds: ['netns-exec'],
    parse: (words, at) => parseNsenter(words, at, innerParser(at)),
    role: (c) => netnsRole(c),
  },
  {
    // Transparent: the command it runs is the command parsed, with that command's kind and role.
    names: ['sudo'], kinds: [],
    parse: (words, at) => parseSudo(words, at, innerParser(at)),
    role: () => 'read',
  },
  {
    // A subshell running one string: it is for what its commands are for.
    names: ['bash', 'sh'], kinds: ['group'],
    parse: (words, at) => parseShellCommandString(words, at, (script) => {
      const lexed = lex(script);
      if (!lexed.ok) return { ok: false, error: { line: 0, column: lexed.error.column, message: lexed.error.message, exitStatus: 2 } };
      return parseTokens(lexed.tokens, script.length + 1, 0, at.role ?? 'config');
    }),
    role: (c) => (c.kind === 'group' ? groupRole(c) : 'read'),
  },
  {
    names: ['iptables', 'iptables-nft', 'iptables-legacy'], kinds: ['iptables'], completion: 'netfilter rules',
    parse: (words, at) => parseIptables(words, at.end),
    role: (c) => (c.kind === 'iptables' && ['list', 'list-rules', 'check'].includes(c.action.op) ? 'read' : 'reset'),
  },
  {
    names: ['ip6tables', 'ip6tables-nft', 'ip6tables-legacy'], kinds: ['iptables'], completion: 'IPv6 netfilter rules',
    parse: (words, at) => parseIptables(words, at.end, { family: AF_INET6 }),
    role: (c) => (c.kind === 'iptables' && ['list', 'list-rules', 'check'].includes(c.action.op) ? 'read' : 'reset'),
  },
  {
    names: ['ip6tables-save', 'ip6tables-nft-save', 'ip6tables-legacy-save'], kinds: ['iptables-save'], completion: 'print the IPv6 rules as ip6tables-restore reads them',
    parse: (words, at) => parseIptablesSave(words, at.name),
    role: () => 'read',
  },
  {
    names: ['iptables-save', 'iptables-nft-save'], kinds: ['iptables-save'], completion: 'print the rules as iptables-restore reads them',
    parse: (words, at) => parseIptablesSave(words, at.name),
    role: () => 'read',
  },
  {
    names: ['sysctl'], kinds: ['sysctl'], completion: 'kernel settings',
    parse: (words, at) => parseSysctl(words, at.column),
    role: (c) => (c.kind === 'sysctl' && (c.writes.length > 0 || c.load !== undefined) ? 'config' : 'read'),
  },
  {
    names: ['echo'], kinds: ['echo', 'file-write', 'text-file', 'bridge-link-set'], completion: "write a file: echo '…' > FILE",
    parse: (words, at) => (at.fileRedirect ? parseEchoRedirect(words, at.fileRedirect.target, at.fileRedirect.append) : parseEcho(words)),
    role: (c) => (c.kind === 'echo' ? 'output' : c.kind === 'bridge-link-set' ? 'reset' : 'config'),
  },
  {
    names: ['nc', 'netcat', 'nc.openbsd'], kinds: ['nc-connect', 'nc-listen'], completion: 'listen: nc -l PORT &',
    parse: (words, at) => parseNc(words, at.column),
    role: (c) => (c.kind === 'nc-listen' ? 'service' : 'traffic'),
  },
  { names: ['dnsmasq'], kinds: ['dnsmasq'], completion: 'DNS from /etc/hosts', parse: (words) => parseDnsmasq(words), role: (c) => (c.kind === 'dnsmasq' && c.foreground ? 'service' : 'config') },
  {
    names: ['iptables-restore'], kinds: ['iptables-restore'], completion: "<<'EOF' … EOF",
    parse: (words, at) => parseIptablesRestoreCommand(words, at),
    role: () => 'config',
  },
  {
    names: ['ip6tables-restore', 'ip6tables-nft-restore', 'ip6tables-legacy-restore'], kinds: ['iptables-restore'], completion: "<<'EOF' … EOF (IPv6)",
    parse: (words, at) => parseIptablesRestoreCommand(words, at, AF_INET6),
    role: () => 'config',
  },
  {
    names: ['conntrack'], kinds: ['conntrack'], completion: 'conntrack -F',
    parse: (words, at) => parseConntrack(words, at.column),
    role: (c) => (c.kind === 'conntrack' && (c.action === 'list' || c.action === 'count') ? 'read' : 'reset'),
  },
  {
    names: ['ipset'], kinds: ['ipset'], completion: 'IP sets: ipset create NAME hash:ip; ipset add NAME ADDR',
    parse: (words, at) => {
      const c = parseIpset(words, at.column);
      if (c.op === 'restore') return parseIpsetRestore(c, at.stdin, at.stdinFile);
      if (at.stdin || at.stdinFile) throw new CommandError(at.column, 'hairpin: ipset reads its input only with restore', 2);
      return c;
    },
    role: (c) => (c.kind === 'ipset' && ipsetChanges(c) ? 'config' : 'read'),
  },
  {
    names: ['nfacct'], kinds: ['nfacct'], completion: 'accounting objects for -m nfacct: nfacct add NAME',
    parse: (words, at) => parseNfacct(words, at.column),
    role: (c) => (c.kind !== 'nfacct' ? 'read' : c.op === 'list' || c.op === 'get' ? (c.reset ? 'reset' : 'read') : 'config'),
  },
  {
    names: ['ipvsadm'], kinds: ['ipvsadm'], completion: 'IPVS virtual servers: ipvsadm -A -t VIP:PORT -s rr; ipvsadm -a -t VIP:PORT -r RIP -m',
    parse: (words, at) => parseIpvsadm(words, at.column, at.name, at.stdin, at.stdinFile),
    role: (c) => (c.kind === 'ipvsadm' ? ipvsadmRole(c) : 'read'),
  },
  {
    names: ['nft'], kinds: ['nft'], completion: 'nftables rules: nft add rule inet filter input tcp dport 22 accept; nft -f /etc/nftables.conf',
    parse: (words, at) => parseNft(words, at),
    role: (c) => (c.kind === 'nft' ? nftRole(c) : 'read'),
  },
  { names: ['python3'], kinds: ['http-server'], completion: 'python3 -m http.server PORT &', parse: (words, at) => parsePython(words, at.column), role: () => 'service' },
  { names: ['cat'], kinds: ['cat', 'file-write', 'text-file', 'bridge-link-set'], parse: (words, at) => parseCatHereDocument(words, at), role: (c) => (c.kind === 'cat' ? 'read' : c.kind === 'bridge-link-set' ? 'reset' : 'config') },
  { names: ['ping'], kinds: ['ping'], parse: (words, at) => parsePing(words, at.column), role: () => 'traffic' },
  { names: ['curl'], kinds: ['curl'], parse: (words, at) => parseCurl(words, at.column), role: () => 'traffic' },
  { names: ['dig'], kinds: ['dig'], parse: (words) => parseDig(words), role: () => 'traffic' },
  { names: ['host'], kinds: ['host'], parse: (words, at) => parseHost(words, at.column), role: () => 'traffic' },
  { names: ['traceroute'], kinds: ['traceroute'], parse: (words, at) => parseTraceroute(words, at.column), role: () => 'traffic' },
  { names: ['arping'], kinds: ['arping'], parse: (words, at) => parseArping(words, at.column), role: () => 'traffic' },
  { names: ['timeout'], kinds: ['timeout'], parse: (words, at) => parseTimeout(words, at, innerParser(at)), role: (c) => (c.kind === 'timeout' ? roleOf(c.command) ?? 'read' : 'read') },
  { names: ['sleep'], kinds: ['sleep'], parse: (words, at) => parseSleep(words, at.column), role: () => 'read' },
  { names: ['set'], kinds: ['set'], parse: (words, at) => parseSet(words, at.column), role: () => 'config' },
  { names: ['true', ':'], kinds: ['true'], parse: () => ({ kind: 'true' }), role: () => 'read' },
  { names: ['false'], kinds: ['false'], parse: () => ({ kind: 'false' }), role: () => 'read' },
  { names: ['wait'], kinds: ['wait'], parse: (words) => parseWait(words), role: () => 'read' },
  { names: ['brctl'], kinds: ['brctl'], parse: (words, at) => parseBrctl(words, at.column), role: () => 'read' },
  {
    names: ['bridge'], kinds: ['bridge-fdb-show', 'bridge-fdb', 'bridge-link-show', 'bridge-link-set'],
    parse: (words, at) => (isBridgeLink(words) ? parseBridgeLink(words, at.column) : parseBridge(words, at.column, at.end)),
    // A port flag a lesson turns on between two tries (hairpin), as it may make namespaces.
    role: (c) => (c.kind === 'bridge-fdb' ? 'config' : c.kind === 'bridge-link-set' ? 'reset' : 'read'),
  },
  { names: ['modprobe'], kinds: ['modprobe'], completion: 'load a kernel module: modprobe br_netfilter', parse: (words, at) => parseModprobe(words, at.column), role: () => 'reset' },
  { names: ['printf'], kinds: ['printf'], parse: (words, at) => parsePrintf(words, at.column), role: () => 'output' },
  { names: ['grep'], kinds: ['grep'], parse: (words, at) => parseGrep(words, at.column), role: () => 'output' },
  { names: ['dmesg'], kinds: ['dmesg'], parse: (words) => parseDmesg(words), role: (c) => (c.kind === 'dmesg' && c.clear ? 'reset' : 'read') },
];

const BY_NAME = new Map(TOOLS.flatMap((t) => t.names.map((n) => [n, t] as const)));
// The first tool that makes a kind answers for it (`echo 1 > /proc/sys/…` is a sysctl write).
const BY_KIND = new Map<Command['kind'], ToolEntry>();
for (const t of TOOLS) for (const k of t.kinds) if (!BY_KIND.has(k)) BY_KIND.set(k, t);

export function toolNamed(name: string): ToolEntry | undefined {
  return BY_NAME.get(name);
}

/** What a parsed command is for; a substituted one is known only once its `$(…)` ran. */
/** The program a namespace runs (`ip netns exec NS nc …` runs nc), as ps would name it. */
export function innerProgramOf(command: Command): string | undefined {
  if (command.kind === 'netns-exec') return innerProgramOf(command.command);
  if (command.kind === 'timeout') return innerProgramOf(command.command);
  return BY_KIND.get(command.kind)?.names[0];
}

export function roleOf(command: Command): ToolRole | undefined {
  return BY_KIND.get(command.kind)?.role(command);
}

/** The command words the config editor offers, in order. */
export const COMPLETED_TOOLS: readonly { name: string; detail: string }[] = TOOLS.flatMap((t) => (t.completion ? [{ name: t.names[0]!, detail: t.completion }] : []));

/** A command in a namespace is parsed by its own tool's entry, as `ip netns exec` runs any program. */
function innerParser(at: ParseSite): InnerParser {
  return (name, words) => {
    const tool = toolNamed(name.text);
    if (!tool) throw new CommandError(name.column, `hairpin: unsupported command '${name.text}'`, 127);
    return tool.parse(words, { name: name.text, column: name.column, end: at.end, ...(at.role ? { role: at.role } : {}) });
  };
}

/** The strongest role among a group's commands: one that sends traffic makes the group traffic, and so on. */
const ROLE_ORDER: readonly ToolRole[] = ['traffic', 'config', 'service', 'reset', 'output', 'read'];
function groupRole(group: GroupCommand): ToolRole {
  const roles = group.list.flatMap((l) => [l.first, ...l.rest.map((r) => r.cmd)]).flatMap((p) => [...(p.upstream ?? []), p]).map((s) => roleOf(s.command) ?? 'read');
  return ROLE_ORDER.find((r) => roles.includes(r)) ?? 'read';
}

/**
 * A command in a namespace is for what it is for anywhere. Making and removing a namespace
 * changes the box but, as a lesson does between steps, may also happen in a flow.
 */
function netnsRole(c: Command): ToolRole {
  if (c.kind === 'netns-exec') return roleOf(c.command) ?? 'read';
  if (c.kind === 'ip-netns') return c.op === 'list' ? 'read' : 'reset';
  return 'config';
}
