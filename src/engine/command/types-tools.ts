import type { Ip4 } from '../addr/ipv4';
import type { Mac } from '../addr/mac';
import type { Cidr, Word } from './types';
import type { PortRange } from './types-iptables';

/* Typed commands of the services and tools a flow runs: nc, dnsmasq, ping, curl, dig, host, traceroute, arping… */

/** A destination as typed: an address, or a name the simulated resolver looks up. */
export type HostRef = { kind: 'ip'; ip: Ip4; text: string } | { kind: 'name'; name: string };

export interface NcListen {
  kind: 'nc-listen';
  port: number;
  bind?: HostRef;
  udp: boolean;
  keepOpen: boolean;
  verbose: boolean;
}

export interface NcConnect {
  kind: 'nc-connect';
  host: HostRef;
  /** Ports or ranges (`nc -z host 20-25`). */
  ports: PortRange[];
  udp: boolean;
  zero: boolean;
  timeout?: number;
  source?: HostRef;
  sourcePort?: number;
  verbose: boolean;
  numeric: boolean;
  /** -N: shutdown(SHUT_WR) (a FIN) once stdin is at EOF. */
  shutdownOnEof: boolean;
  /** -q SECONDS (≥ 0): after EOF on stdin, shut down too and quit that much later. */
  quitAfterEof?: number;
}

export interface DnsmasqCommand {
  kind: 'dnsmasq';
  foreground: boolean;
  noHosts: boolean;
  noResolv: boolean;
  addnHosts: string[];
  /** --address=/name/ip */
  addresses: { domains: string[]; ip?: Ip4 }[];
  servers: string[];
  listenAddresses: Ip4[];
  interfaces: string[];
  bindInterfaces: boolean;
  port: number;
  logQueries: boolean;
}

export interface PingCommand {
  kind: 'ping';
  host: HostRef;
  count?: number;
  /** -W seconds to wait for each reply. */
  timeout?: number;
  /** -w deadline for the whole run. */
  deadline?: number;
  interval: number;
  /** -I: a device name or a source address. */
  iface?: Word;
  ttl?: number;
  /** -m: SO_MARK on the socket (routing rules and iptables see it). */
  mark?: number;
  size: number;
  numeric: boolean;
  quiet: boolean;
}

export interface CurlCommand {
  kind: 'curl';
  url: { scheme: 'http'; host: HostRef; port: number; path: string };
  silent: boolean;
  showError: boolean;
  maxTime?: number;
  connectTimeout?: number;
  output?: string;
  writeOut?: string;
  fail: boolean;
  head: boolean;
  verbose: boolean;
  includeHeaders: boolean;
  /** --interface */
  iface?: string;
}

export interface DigCommand {
  kind: 'dig';
  /** The arguments as dig received them (its banner echoes them: `; <<>> DiG 9.18 <<>> ARGS`). */
  args: string;
  name: string;
  server?: HostRef;
  type: string;
  short: boolean;
  timeout?: number;
  tries?: number;
  port: number;
}

export interface HostCommand {
  kind: 'host';
  name: string;
  server?: HostRef;
  type?: string;
  timeout?: number;
}

export interface TracerouteCommand {
  kind: 'traceroute';
  host: HostRef;
  numeric: boolean;
  maxHops: number;
  firstHop: number;
  queries: number;
  wait: number;
  method: 'udp' | 'icmp' | 'tcp';
  port?: number;
  iface?: string;
  source?: Ip4;
}

export interface ArpingCommand {
  kind: 'arping';
  target: Ip4;
  count?: number;
  iface?: Word;
  deadline?: number;
  source?: Ip4;
  unsolicited: boolean;
  duplicateDetection: boolean;
  quitOnReply: boolean;
}

export interface SleepCommand {
  kind: 'sleep';
  seconds: number;
}

export interface TrueCommand {
  /** `wait` (no job ids): the shell waits for its background jobs, then it is true. */
  kind: 'true' | 'false' | 'wait';
}

export interface ConntrackCommand {
  kind: 'conntrack';
  /** -L, -D (the entries the filter selects), -F, -C (the count). */
  action: 'list' | 'flush' | 'delete' | 'count';
  /** `conntrack -F expect` empties the expectation table instead. */
  table?: 'conntrack' | 'expect';
  filter?: ConntrackFilter;
  /** -o extended: each entry starts with its layer-3 protocol, `ipv4     2`. */
  extended?: boolean;
}

/** What -L and -D select: every field given must match (addresses as numbers). */
export interface ConntrackFilter {
  proto?: number;
  origSrc?: number;
  origDst?: number;
  replySrc?: number;
  replyDst?: number;
  sport?: number;
  dport?: number;
  replySport?: number;
  replyDport?: number;
  /** --state: the TCP tracker's state. */
  state?: string;
  mark?: { value: number; mask: number };
  /** -n / -g: only entries that were source / destination NATed. */
  srcNat?: boolean;
  dstNat?: boolean;
  /** -u: status flags, all required. */
  status?: string[];
  family?: 'ipv4' | 'ipv6';
}

/** `bridge fdb add|append|replace|del MAC dev DEV [dst A] [port P] [vni N] [via DEV] [self] [master] [STATE]`. */
export interface BridgeFdbChange {
  kind: 'bridge-fdb';
  action: 'add' | 'append' | 'replace' | 'del';
  mac: Mac;
  dev?: Word;
  dst?: Ip4;
  port?: number;
  vni?: number;
  via?: Word;
  self: boolean;
  master: boolean;
  /** ndm_state as fdb_modify builds it (NUD_* bits). */
  state: number;
}

export interface BridgeFdbShow {
  kind: 'bridge-fdb-show';
  dev?: Word;
  br?: Word;
}

/** bash's builtin echo: its words joined by spaces. */
export interface EchoCommand {
  kind: 'echo';
  words: string[];
  /** Not -n. */
  newline: boolean;
  /** -e (until a later -E). */
  escapes: boolean;
}

/** bash's builtin printf FORMAT [ARGUMENT]... */
export interface PrintfCommand {
  kind: 'printf';
  format: string;
  args: string[];
}

/** GNU grep over its standard input, or over files. */
export interface GrepCommand {
  kind: 'grep';
  patterns: string[];
  syntax: 'basic' | 'extended' | 'fixed';
  invert: boolean;
  ignoreCase: boolean;
  count: boolean;
  quiet: boolean;
  wordRegexp: boolean;
  lineRegexp: boolean;
  lineNumber: boolean;
  onlyMatching: boolean;
  /** -s */
  noMessages: boolean;
  files: Word[];
}
