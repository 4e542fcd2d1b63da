import type { NftLocation } from './lexer';

/*
 * What nft's parser and evaluator make of a rule, shaped for the evaluator that runs it at a
 * netfilter hook: a rule is its statements in order, as the kernel's expressions run (a match
 * that fails ends the rule, a verdict ends it with that verdict), each match a left-hand key
 * (what to read from the packet or its conntrack entry), an operator and a constant right-hand
 * side, typed so that it prints back as nft prints it.
 */

export type NftFamily = 'ip' | 'inet';

/** nft's data types (datatype.c) of the keys and values modelled. */
export type NftType =
  | 'ipv4_addr' | 'inet_service' | 'inet_proto' | 'integer' | 'mark' | 'ifname' | 'iface_index'
  | 'ct_state' | 'ct_status' | 'ct_dir' | 'tcp_flag' | 'icmp_type' | 'pkt_type' | 'nf_proto'
  | 'fib_addrtype' | 'boolean' | 'uid' | 'verdict' | 'icmp_code' | 'dscp';

/** Read from the packet (payload), its metadata, its conntrack entry, or a FIB lookup. */
export type NftKey =
  | { kind: 'payload'; proto: 'ip' | 'tcp' | 'udp' | 'th' | 'icmp'; field: 'saddr' | 'daddr' | 'protocol' | 'ttl' | 'length' | 'dscp' | 'sport' | 'dport' | 'flags' | 'type' | 'code'; type: NftType }
  | { kind: 'meta'; key: 'iif' | 'oif' | 'iifname' | 'oifname' | 'mark' | 'l4proto' | 'nfproto' | 'pkttype' | 'skuid' | 'nftrace'; type: NftType }
  | { kind: 'ct'; key: 'state' | 'status' | 'mark' | 'direction'; type: NftType }
  | { kind: 'ct'; key: 'saddr' | 'daddr'; dir: 'original' | 'reply'; type: NftType }
  /** `fib saddr . iif oif`: what the lookup is keyed by, and what it answers. */
  | { kind: 'fib'; flags: ('saddr' | 'daddr' | 'mark' | 'iif' | 'oif')[]; result: 'oif' | 'oifname' | 'type'; type: NftType }
  | { kind: 'concat'; parts: NftKey[]; type: NftType }
  /** `numgen random|inc mod N [offset M]`: a number in [offset, offset + N). */
  | { kind: 'numgen'; mode: 'random' | 'inc'; mod: number; offset: number; type: NftType };

/** One constant: a number (addresses, ports, marks, bitmasks, symbols' values) or a name (an interface name). */
export type NftScalar = { type: NftType; value: number } | { type: 'ifname'; name: string } | { type: 'iface_index'; name: string; ifindex: number };

export type NftValue =
  | { kind: 'value'; v: NftScalar }
  | { kind: 'prefix'; v: NftScalar & { value: number }; len: number }
  | { kind: 'range'; lo: NftScalar & { value: number }; hi: NftScalar & { value: number } }
  | { kind: 'concat'; parts: NftValue[] }
  /** An anonymous set `{ a, b }` (a map's when its elements carry data). */
  | { kind: 'set'; elements: NftElement[] }
  /** `@name`; `loc` where it was typed (a missing set is an error there). */
  | { kind: 'setref'; name: string; loc?: NftLocation };

export interface NftElement {
  key: NftValue;
  comment?: string;
  /** `timeout 10m` as typed (ms); the set's own timeout when not. */
  timeout?: number;
  /** When the element goes (virtual ns), for an element with a timeout: it then matches and lists no more. */
  expires?: number;
  /** A map's value (an address for dnat, a verdict for vmap). */
  data?: NftValue | NftVerdict;
}

export type NftOp = '==' | '!=' | '<' | '>' | '<=' | '>=';

export type NftVerdict =
  | { kind: 'verdict'; verdict: 'accept' | 'drop' | 'continue' | 'return' }
  | { kind: 'verdict'; verdict: 'jump' | 'goto'; chain: string };

/** nf_log's NF_LOG_* flags, in the order nft lists them. */
export const NFT_LOG_FLAGS = ['tcp sequence', 'tcp options', 'ip options', 'skuid', 'ether'] as const;
export type NftLogFlag = (typeof NFT_LOG_FLAGS)[number];

export type NftStmt =
  /**
   * `KEY [op] VALUE`; `implicit` when no operator was typed (a set, a bitmask or a value). `mask`
   * for `tcp flags syn / syn,ack`. `hidden`: a dependency nft added itself (runs, never printed).
   * A payload key of tcp, udp or icmp also matches the packet's protocol (nft's dependency).
   */
  | { kind: 'match'; key: NftKey; op: NftOp | 'implicit'; right: NftValue; mask?: number; loc: NftLocation; hidden?: true }
  /** `loc`: the verdict as typed; `target`: where a jump's or goto's chain was named. */
  | NftVerdict & { loc?: NftLocation; target?: NftLocation }
  | { kind: 'counter'; packets: number; bytes: number }
  /** `bucket`: nft_limit's state once a packet reached it (kept across commits, as counters are; never printed). */
  /** `bytes`: a rate and burst in bytes (`limit rate 1 mbytes/second`), as typed in `bytesUnit`; else packets. */
  | { kind: 'limit'; rate: number; unit: 'second' | 'minute' | 'hour' | 'day' | 'week'; burst: number; over: boolean; bytes?: true; bucket?: { tokens: number; last: number } }
  /** `group`: to nfnetlink_log (with `snaplen`, `queueThreshold`), not to the kernel log; `flags`: what the kernel log line adds. */
  | { kind: 'log'; prefix?: string; level?: string; group?: number; snaplen?: number; queueThreshold?: number; flags?: NftLogFlag[] }
  | { kind: 'notrack' }
  /** `add|update @SET { KEY [timeout T] }` (nft_dynset): the packet's key put in the set; `update` renews its timeout. */
  | { kind: 'dynset'; op: 'add' | 'update'; set: NftValue & { kind: 'setref' }; key: NftKey; timeout?: number; loc?: NftLocation }
  /** `tcp option maxseg size set N|rt mtu` (nft_exthdr with nft_rt's TCPMSS). */
  | { kind: 'tcpmss-set'; value: number | 'rt mtu' }
  /** `meta mark set V`, or `mark set mark | V` (`from`: the key it reads, and the operator; none: `ct mark set meta mark`, the value as read). */
  /** `… set KEY map { … }` / `map @name`: the value is the map's data for the packet's key (`value` unused). */
  | { kind: 'meta-set'; key: 'mark' | 'nftrace'; value: number; from?: { key: NftKey; op?: '&' | '|' | '^' }; map?: { key: NftKey; map: NftValue } }
  | { kind: 'ct-set'; key: 'mark'; value: number; from?: { key: NftKey; op?: '&' | '|' | '^' }; map?: { key: NftKey; map: NftValue } }
  | { kind: 'reject'; with?: { kind: 'icmp' | 'icmpx'; type: number } | { kind: 'tcp-reset' } }
  /** NAT: `to` an address (or a map keyed by a packet's key), and a port or port range. */
  | {
      kind: 'nat'; type: 'snat' | 'dnat' | 'masquerade' | 'redirect'; family?: 'ip';
      addr?: NftValue | { kind: 'map'; key: NftKey; map: NftValue };
      port?: { lo: number; hi: number }; flags: ('random' | 'fully-random' | 'persistent')[];
    }
  /** `KEY vmap { value : verdict, … }` or `vmap @name`; `locs`: where an anonymous map's elements were typed (a missing chain is reported there). */
  | { kind: 'vmap'; key: NftKey; map: NftValue; locs?: NftLocation[] }
  /**
   * An x_tables match or target in an nf_tables rule (nft_compat: iptables-nft writes those it
   * has no native expression for). nft prints the extension's own translation (libxtables'
   * xlate: `xlate`, empty for a comment) or, without one, `xt match NAME` / `xt target NAME`.
   */
  | { kind: 'xt'; ext: 'match' | 'target'; name: string; xlate?: string };

export interface NftRule {
  handle: number;
  stmts: NftStmt[];
  comment?: string;
}

export type NftChainType = 'filter' | 'nat' | 'route';
export type NftHook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';

export interface NftBaseChainSpec {
  type: NftChainType;
  hook: NftHook;
  priority: number;
  policy: 'accept' | 'drop';
}

export interface NftSetSpec {
  comment?: string;
  /** The key's types (more than one: a concatenation). */
  keyType: NftType[];
  /** A map's data type. */
  dataType?: NftType;
  flags: ('interval' | 'constant' | 'timeout' | 'dynamic')[];
  /** `timeout 1h`: every element's, unless it has its own (ms). */
  timeout?: number;
  /** `size N`: the most elements the set holds. */
  size?: number;
}
