import type { Ip4 } from '../addr/ipv4';
import { fib4RulesOps } from './fib4_rules';
import { FibTableHash } from './fib_table_hash';
import type { FibRulesOps } from './fib_rules';

/*
 * struct netns_ipv4: what IPv4 keeps per namespace beside the generic layers. IPv6 would keep
 * its own (netns_ipv6) next to it rather than share these tables.
 */
export interface NetnsIpv4 {
  /** fib_table_hash: IPv4's routing tables by id. */
  readonly fibTables: FibTableHash;
  /** rules_ops: IPv4's policy rules (also in the namespace's list of every family's). */
  readonly rulesOps: FibRulesOps;
  /** peers (inet_peer_base): per-peer ICMP and redirect rate-limit state; made with the first peer (inetPeers). */
  peersMade?: Map<Ip4, InetPeer>;
}

/** The namespace's inet peers, made when the first is needed: most namespaces never send an ICMP error. */
export function inetPeers(ipv4: NetnsIpv4): Map<Ip4, InetPeer> {
  return (ipv4.peersMade ??= new Map());
}

/** struct inet_peer: the rate-limit token buckets kept per remote address. */
export interface InetPeer {
  tokens: number;
  last: number;
  /** n_redirects: redirects sent since the last silence; their clock is `last` (rate_last). */
  redirects: number;
  errTokens: number;
  errLast: number;
}

/**
 * The namespace's IPv4 state as ip_fib_net_init, fib4_rules_init and inet_peer_base_init make
 * it: the local, main and default tables, the rules that look in them, no peers yet.
 */
export function ipv4NetInit(): NetnsIpv4 {
  const fibTables = new FibTableHash();
  return { fibTables, rulesOps: fib4RulesOps(fibTables), peersMade: undefined };
}
