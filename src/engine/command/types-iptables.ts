import type { AF_INET6 } from '../addr/family';
import type { Ip4 } from '../addr/ipv4';
import type { Ip6 } from '../addr/ipv6';
import type { XtInfo } from '../kernel/netfilter/x_tables';
import type { Cidr, Negatable, Word } from './types';

/* Typed `iptables` and `iptables-restore` commands: tables, matches, targets, actions. */

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

/**
 * A loaded extension's parsed options: `name` is the extension's (tcp, conntrack, DNAT, …) and
 * the rest is what its own parser made (src/engine/iptables/extensions/libxt_*.ts).
 */
export type IptMatch = XtInfo;

/** A NAT range: `--to-destination 1.2.3.4-1.2.3.9:1000-2000`. Ports absent = keep. */
export interface NatRange {
  minIp?: Ip4;
  maxIp?: Ip4;
  minPort?: number;
  maxPort?: number;
}

/** A user-defined chain: -j CHAIN (jump) or -g CHAIN (goto). */
export interface IptJump {
  name: 'chain';
  chain: string;
  column: number;
  goto: boolean;
}

/** A target extension's parsed options (ACCEPT, REJECT, DNAT, …) or a jump to a user chain. */
export type IptTarget = XtInfo | IptJump;

/** An IPv6 prefix (ip6tables' -s/-d, conntrack's tuple addresses). `len` 128 for a host. */
export interface Cidr6 {
  addr: Ip6;
  len: number;
}

/** What -s/-d hold: an IPv4 prefix for iptables, an IPv6 one for ip6tables. */
export type IptCidr = Cidr | Cidr6;

export interface IptRule {
  source?: Negatable<IptCidr>;
  destination?: Negatable<IptCidr>;
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
  /** ip6tables (NFPROTO_IPV6's tables); absent for iptables. */
  family?: typeof AF_INET6;
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
  /** `line`: in the device's config; `inputLine`: in the restore input (what its errors name). */
  commands: { command: IptablesCommand; line: number; inputLine: number; counters?: { packets: number; bytes: number } }[];
}

export interface IptablesRestoreCommand {
  kind: 'iptables-restore';
  /** ip6tables-restore; absent for iptables-restore. */
  family?: typeof AF_INET6;
  tables: IptablesRestoreTable[];
  /** --noflush / -n: keep what is there instead of flushing each table first. */
  noflush: boolean;
  /** -c: rules take the `[packets:bytes]` written before them. */
  counters: boolean;
  /** `iptables-restore FILE` / `< FILE`: the input is read from the device's file when it runs. */
  file?: { text: string; column: number; redirected?: boolean };
  /** The input line that fails: the tables before it are applied, then this is the error. */
  failure?: { line: number; column: number; message: string; exitStatus: number };
}

/** `iptables-save [-c] [-t TABLE]`: the ruleset as iptables-restore reads it. */
export interface IptablesSaveCommand {
  kind: 'iptables-save';
  /** ip6tables-save; absent for iptables-save. */
  family?: typeof AF_INET6;
  /** The name it was run as: its banner says `iptables-save` or `iptables-nft-save`. */
  program: string;
  /** -c: each rule's `[packets:bytes]` before it. */
  counters: boolean;
  /** -t: only this table, printed even if nf_tables has none of that name yet. */
  table?: IptTable;
  /** -V: the version line, nothing else. */
  version: boolean;
  /** What it says on stderr before printing (-b is not implemented). */
  notice: string;
}
