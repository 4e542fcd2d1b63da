import type { Ip4 } from '../addr/ipv4';
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
  /** `line`: in the device's config; `inputLine`: in the restore input (what its errors name). */
  commands: { command: IptablesCommand; line: number; inputLine: number }[];
}

export interface IptablesRestoreCommand {
  kind: 'iptables-restore';
  tables: IptablesRestoreTable[];
  /** --noflush / -n: keep what is there instead of flushing each table first. */
  noflush: boolean;
}
