import type { Ip4 } from '../addr/ipv4';
import type { Mac } from '../addr/mac';
import type { HttpServerCommand } from './http-server';

/**
 * Typed commands: what one simple command of a config or flow line means. Values are parsed
 * and range-checked the way the real tool does before it talks to the kernel; whatever needs
 * the device's state (does eth7 exist, is table name "isp1" in rt_tables, is that sysctl key
 * real) is left to the kernel model, with the raw text kept for its error message.
 */

/** A word of the command line with its 1-based column (for errors raised later). */
export interface Word {
  text: string;
  column: number;
}

/** An IPv4 prefix. `len` 32 for a host. */
export interface Cidr {
  addr: Ip4;
  len: number;
}

/** A value with iptables' `!` (or ip rule's `not`). */
export interface Negatable<T> {
  value: T;
  negated: boolean;
}

/** A routing table: a number, or a name still to resolve against rt_tables. */
export type TableRef =
  | { kind: 'id'; id: number }
  | {
      kind: 'name';
      name: string;
      column: number;
      /** What `ip` prints when the name is not in rt_tables (it differs between route and rule). */
      unknownError: string;
    };

export type RouteType = 'unicast' | 'local' | 'broadcast' | 'anycast' | 'multicast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw' | 'nat' | 'xresolve';

/** A route scope: rtm_scope numbers (global 0, site 200, link 253, host 254, nowhere 255). */
export type Scope = number;
export const SCOPE = { global: 0, site: 200, link: 253, host: 254, nowhere: 255 } as const;

export const RT_TABLE = { unspec: 0, default: 253, main: 254, local: 255 } as const;

// ---------------------------------------------------------------------------------------- ip

export interface IpAddrChange {
  kind: 'ip-addr';
  action: 'add' | 'del' | 'replace' | 'change';
  address: Ip4;
  prefixLen: number;
  /** False for `ip addr del 10.0.0.1 dev x`: iproute2's wildcard deletion (any prefix length). */
  prefixGiven: boolean;
  dev: Word;
  label?: string;
  scope?: Scope;
  /** `brd +` computes the directed broadcast, `brd -` none; an address is used as given. */
  broadcast?: Ip4 | '+' | '-';
  metric?: number;
  /** No prefix route is added for the subnet. */
  noprefixroute: boolean;
  /** What ip prints on stderr although it succeeds (wildcard deletion). */
  warning?: string;
}

export interface IpAddrFlush {
  kind: 'ip-addr-flush';
  dev?: Word;
  scope?: Scope;
  /** Flush only addresses inside this prefix (`ip addr flush 10.0.0.0/8`). */
  prefix?: Cidr;
  label?: string;
}

export interface IpLinkSet {
  kind: 'ip-link-set';
  dev: Word;
  up?: boolean;
  address?: Mac;
  mtu?: number;
  name?: string;
  arp?: boolean;
  promisc?: boolean;
}

export type RouteAction = 'add' | 'del' | 'replace' | 'change' | 'append' | 'prepend' | 'test';

export interface IpRouteChange {
  kind: 'ip-route';
  action: RouteAction;
  /**
   * What `ip` puts in the request. On add/replace/change/append/prepend/test it fills in the
   * defaults (type unicast, protocol boot, scope host/link/global by type and gateway); on
   * del it leaves type, scope and protocol unset, which the kernel treats as wildcards.
   */
  type?: RouteType;
  dst: Cidr;
  via?: Ip4;
  dev?: Word;
  src?: Ip4;
  metric?: number;
  /** main, or local for local/broadcast/nat/anycast routes, unless given. */
  table: TableRef;
  scope?: Scope;
  onlink: boolean;
  /** rtm_protocol number. */
  protocol?: number;
  mtu?: number;
  tos?: number;
}

export interface IpRouteFlush {
  kind: 'ip-route-flush';
  table?: TableRef | 'all' | 'cache';
  dev?: Word;
  protocol?: number;
  scope?: Scope;
  type?: RouteType;
  /** Flush routes whose destination is within / equal to this prefix. */
  root?: Cidr;
  exact?: Cidr;
  via?: Cidr;
}

export interface IpRouteShow {
  kind: 'ip-route-show';
  table?: TableRef | 'all' | 'cache';
  dev?: Word;
  protocol?: number;
  scope?: Scope;
  type?: RouteType;
  root?: Cidr;
  match?: Cidr;
  exact?: Cidr;
  via?: Cidr;
  src?: Cidr;
}

export interface IpRouteGet {
  kind: 'ip-route-get';
  dst: Ip4;
  /** Set when the address had a prefix other than /32: ip warns and uses /32. */
  warning?: string;
  from?: Ip4;
  iif?: Word;
  oif?: Word;
  mark?: number;
  tos?: number;
  uid?: number;
  ipproto?: number;
  sport?: number;
  dport?: number;
  fibmatch: boolean;
}

export type RuleAction =
  | { kind: 'lookup'; table: TableRef }
  | { kind: 'goto'; target: number }
  | { kind: 'nop' }
  | { kind: 'blackhole' | 'unreachable' | 'prohibit' };

export interface IpRuleChange {
  kind: 'ip-rule';
  action: 'add' | 'del';
  not: boolean;
  from?: Cidr;
  to?: Cidr;
  priority?: number;
  tos?: number;
  fwmark?: { value: number; mask?: number };
  iif?: string;
  oif?: string;
  /** Undefined on add means `lookup main`, as `ip` sends it. */
  ruleAction?: RuleAction;
  suppressPrefixLength?: number;
  suppressIfgroup?: number;
  protocol?: number;
}

export type NudState = 'permanent' | 'reachable' | 'noarp' | 'none' | 'stale' | 'incomplete' | 'delay' | 'probe' | 'failed';

export interface IpNeighChange {
  kind: 'ip-neigh';
  action: 'add' | 'replace' | 'change' | 'del';
  address: Ip4;
  dev: Word;
  /** `lladdr null` is written as null. */
  lladdr?: Mac | null;
  /** `ip neigh add` defaults to permanent. */
  nud: NudState;
  proxy: boolean;
  router: boolean;
}

export interface IpNeighFlush {
  kind: 'ip-neigh-flush';
  dev?: Word;
  prefix?: Cidr;
  nud?: NudState;
}

export interface IpShow {
  kind: 'ip-addr-show' | 'ip-link-show' | 'ip-rule-show' | 'ip-neigh-show';
  dev?: Word;
  /** Extra selectors, kept as words (the printer filters by them). */
  selectors: Word[];
}

/** Global `ip` options that change output (`-4`, `-br`, `-d`, `-s`...). */
export interface IpGlobalOptions {
  family?: 'inet' | 'inet6' | 'link';
  brief: boolean;
  details: boolean;
  stats: number;
  color: boolean;
  json: boolean;
  oneline: boolean;
  numeric: boolean;
}

export type IpCommand = (
  | IpAddrChange
  | IpAddrFlush
  | IpLinkSet
  | IpRouteChange
  | IpRouteFlush
  | IpRouteShow
  | IpRouteGet
  | IpRuleChange
  | IpNeighChange
  | IpNeighFlush
  | IpShow
) & { ipOptions: IpGlobalOptions };

// ----------------------------------------------------------------------------------- sysctl & files

export interface SysctlCommand {
  kind: 'sysctl';
  /** Keys normalised to dotted form: net.ipv4.conf.eth0.rp_filter. */
  writes: { key: string; value: string; column: number }[];
  reads: { key: string; column: number }[];
  /** `echo V > /proc/sys/...` (no output) or sysctl (prints "key = value" unless -q). */
  via: 'sysctl' | 'proc';
  quiet: boolean;
  /** -n: print values only. */
  valuesOnly: boolean;
}

export interface HostsEntry {
  address: Ip4;
  names: string[];
}

export type FileWrite =
  | { file: '/etc/hosts'; entries: HostsEntry[] }
  | { file: '/etc/resolv.conf'; nameservers: Ip4[]; lines: string[] }
  | { file: '/etc/iproute2/rt_tables'; entries: { id: number; name: string }[] };

export type FileWriteCommand = FileWrite & {
  kind: 'file-write';
  append: boolean;
  /** The text written, with its newline. */
  text: string;
};

export interface CatCommand {
  kind: 'cat';
  paths: Word[];
}

// --------------------------------------------------------------------------------------- iptables

export type IptTable = 'filter' | 'nat' | 'mangle' | 'raw' | 'security';

export interface PortRange {
  min: number;
  max: number;
}

export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED' | 'SNAT' | 'DNAT';
export type AddrType =
  | 'UNSPEC' | 'UNICAST' | 'LOCAL' | 'BROADCAST' | 'ANYCAST' | 'MULTICAST' | 'BLACKHOLE'
  | 'UNREACHABLE' | 'PROHIBIT' | 'THROW' | 'NAT' | 'XRESOLVE';

export interface MarkMask {
  value: number;
  /** 0xffffffff when none was written. */
  mask: number;
}

export type IptMatch =
  | { name: 'tcp'; sport?: Negatable<PortRange>; dport?: Negatable<PortRange>; tcpFlags?: Negatable<{ mask: number; comp: number }>; tcpOption?: Negatable<number> }
  | { name: 'udp'; sport?: Negatable<PortRange>; dport?: Negatable<PortRange> }
  | { name: 'icmp'; icmpType: Negatable<{ type: number; codeMin: number; codeMax: number } | 'any'> }
  | { name: 'conntrack'; ctstate?: Negatable<CtState[]>; ctproto?: Negatable<number>; ctorigsrc?: Negatable<Cidr>; ctorigdst?: Negatable<Cidr>; ctreplsrc?: Negatable<Cidr>; ctrepldst?: Negatable<Cidr>; ctorigsrcport?: Negatable<PortRange>; ctorigdstport?: Negatable<PortRange>; ctstatus?: Negatable<string[]>; ctdir?: 'ORIGINAL' | 'REPLY' }
  | { name: 'state'; state: Negatable<CtState[]> }
  | { name: 'mark'; mark: Negatable<MarkMask> }
  | { name: 'connmark'; mark: Negatable<MarkMask> }
  | { name: 'statistic'; negated: boolean; mode: 'nth'; every: number; packet: number }
  | { name: 'statistic'; negated: boolean; mode: 'random'; probability: number }
  | { name: 'addrtype'; srcType?: Negatable<AddrType[]>; dstType?: Negatable<AddrType[]>; limitIfaceIn: boolean; limitIfaceOut: boolean }
  | { name: 'multiport'; which: 'sports' | 'dports' | 'ports'; ports: PortRange[]; negated: boolean }
  | { name: 'comment'; comment: string };

export type RejectWith =
  | 'icmp-net-unreachable' | 'icmp-host-unreachable' | 'icmp-port-unreachable' | 'icmp-proto-unreachable'
  | 'icmp-net-prohibited' | 'icmp-host-prohibited' | 'icmp-admin-prohibited' | 'tcp-reset';

/** A NAT range: `--to-destination 1.2.3.4-1.2.3.9:1000-2000`. Ports absent = keep. */
export interface NatRange {
  minIp?: Ip4;
  maxIp?: Ip4;
  minPort?: number;
  maxPort?: number;
}

export type IptTarget =
  | { name: 'ACCEPT' | 'DROP' | 'RETURN' }
  | { name: 'REJECT'; rejectWith: RejectWith }
  | { name: 'LOG'; prefix?: string; level: number; tcpSequence: boolean; tcpOptions: boolean; ipOptions: boolean; uid: boolean }
  | { name: 'SNAT'; range: NatRange; random: boolean; fullyRandom: boolean; persistent: boolean }
  | { name: 'DNAT'; range: NatRange; random: boolean; persistent: boolean }
  | { name: 'MASQUERADE'; ports?: PortRange; random: boolean; fullyRandom: boolean }
  | { name: 'REDIRECT'; ports?: PortRange; random: boolean }
  /** Normalised as the kernel applies it: mark = (mark & ~mask) ^ value. */
  | { name: 'MARK'; value: number; mask: number }
  | { name: 'CONNMARK'; mode: 'set'; value: number; mask: number }
  | { name: 'CONNMARK'; mode: 'save' | 'restore'; nfmask: number; ctmask: number }
  /** A user-defined chain: -j CHAIN (jump) or -g CHAIN (goto). */
  | { name: 'chain'; chain: string; column: number; goto: boolean };

export interface IptRule {
  source?: Negatable<Cidr>;
  destination?: Negatable<Cidr>;
  inInterface?: Negatable<string>;
  outInterface?: Negatable<string>;
  /** 0 is `all`. */
  protocol?: Negatable<number>;
  fragment?: Negatable<true>;
  matches: IptMatch[];
  target?: IptTarget;
}

export type IptAction =
  | { op: 'append'; chain: string; rule: IptRule }
  | { op: 'insert'; chain: string; index: number; rule: IptRule }
  | { op: 'replace'; chain: string; index: number; rule: IptRule }
  | { op: 'check'; chain: string; rule: IptRule }
  | { op: 'delete'; chain: string; rule: IptRule }
  | { op: 'delete-index'; chain: string; index: number }
  | { op: 'policy'; chain: string; policy: string }
  | { op: 'new-chain'; chain: string }
  | { op: 'rename-chain'; chain: string; newName: string }
  | { op: 'flush' | 'delete-chain' | 'zero'; chain?: string }
  | { op: 'list'; chain?: string; verbose: boolean; numeric: boolean; lineNumbers: boolean; exact: boolean; zero: boolean }
  | { op: 'list-rules'; chain?: string; verbose: boolean; zero: boolean };

export interface IptablesCommand {
  kind: 'iptables';
  table: IptTable;
  action: IptAction;
  /** Column of the chain word, for the kernel model's "No chain/target/match by that name". */
  chainColumn?: number;
}

/** One `iptables-restore` block (`*table` ... `COMMIT`). */
export interface IptablesRestoreTable {
  table: IptTable;
  /** `:CHAIN POLICY [pkts:bytes]`; policy `-` for user chains. */
  chains: { chain: string; policy: string; line: number }[];
  commands: { command: IptablesCommand; line: number }[];
}

export interface IptablesRestoreCommand {
  kind: 'iptables-restore';
  tables: IptablesRestoreTable[];
  /** --noflush / -n: keep what is there instead of flushing each table first. */
  noflush: boolean;
}

// ------------------------------------------------------------------------------ services & tools

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
  kind: 'true' | 'false';
}

export interface ConntrackCommand {
  kind: 'conntrack';
  action: 'list' | 'flush';
}

export interface BridgeFdbShow {
  kind: 'bridge-fdb-show';
  dev?: Word;
  br?: Word;
}

export type ConfigCommand =
  | IpCommand
  | SysctlCommand
  | FileWriteCommand
  | IptablesCommand
  | IptablesRestoreCommand
  | NcListen
  | HttpServerCommand
  | DnsmasqCommand
  | SleepCommand
  | TrueCommand
  | ConntrackCommand;

export type FlowCommand =
  | PingCommand
  | NcConnect
  | CurlCommand
  | DigCommand
  | HostCommand
  | TracerouteCommand
  | ArpingCommand
  | SleepCommand
  | TrueCommand
  | IpCommand
  | IptablesCommand
  | ConntrackCommand
  | BridgeFdbShow
  | CatCommand
  | SysctlCommand;

export type Command = ConfigCommand | FlowCommand;

// ---------------------------------------------------------------------------------- shell lists

/** A simple command and how it is started. */
export interface Simple<C> {
  command: C;
  /** Where the command name starts. */
  column: number;
  /** `2>/dev/null`, `>/dev/null 2>&1`: output discarded (only /dev/null redirections are allowed). */
  discardStdout: boolean;
  discardStderr: boolean;
}

/** `a && b || c`: bash runs left to right; `&&` and `||` bind equally. */
export interface AndOrList<C> {
  first: Simple<C>;
  rest: { op: '&&' | '||'; cmd: Simple<C> }[];
  /** Ended by `&`: runs in the background. */
  background: boolean;
}

/** A whole line: and-or lists separated by `;` or `&`. */
export type ShellList<C> = AndOrList<C>[];

export interface LineError {
  /** 1-based; 0 for a flow line. */
  line: number;
  column: number;
  /** What the real tool prints on stderr (several lines when it prints several). */
  message: string;
  /** The status the real tool exits with. */
  exitStatus: number;
}

export type ParsedLine<C> =
  | { ok: true; line: number; list: ShellList<C> }
  | { ok: false; error: LineError };
