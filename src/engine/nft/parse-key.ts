import type { NftFamily, NftKey } from './ast';
import { locOf, type Cursor } from './cursor';
import { nftError, notSimulated, NftSyntaxError } from './error';
import { spanOf, type NftLocation } from './lexer';

/*
 * The left-hand side of a match: payload fields (ip, tcp, udp, th, icmp), meta keys (with or
 * without `meta`), conntrack keys, fib lookups, and their concatenations with '.'.
 */

const META_KEYS = ['iif', 'oif', 'iifname', 'oifname', 'mark', 'l4proto', 'nfproto', 'pkttype', 'skuid', 'nftrace'] as const;
/** meta keys nft takes without `meta` in front (and prints so: all but mark). */
export const UNQUALIFIED_META = new Set(['iif', 'oif', 'iifname', 'oifname', 'mark']);
const META_TYPE: Record<(typeof META_KEYS)[number], NftKey['type']> = {
  iif: 'iface_index', oif: 'iface_index', iifname: 'ifname', oifname: 'ifname', mark: 'mark', l4proto: 'inet_proto',
  nfproto: 'nf_proto', pkttype: 'pkt_type', skuid: 'uid', nftrace: 'integer',
};
/** nft's message for an unknown meta key lists every key it knows, in its order. */
const KNOWN_META = 'length, protocol, priority, mark, iif, oif, iifname, oifname, iiftype, oiftype, skuid, skgid, nftrace, rtclassid, secmark, nfproto, l4proto, ibrname, obrname, pkttype, cpu, iifgroup, oifgroup, cgroup, random, ipsec, iifkind, oifkind, ibrpvid, ibrvproto, time, day, hour, sdif, sdifname';

const PAYLOAD: Record<string, Record<string, NftKey['type']>> = {
  ip: { saddr: 'ipv4_addr', daddr: 'ipv4_addr', protocol: 'inet_proto', ttl: 'integer', length: 'integer', dscp: 'dscp' },
  tcp: { sport: 'inet_service', dport: 'inet_service', flags: 'tcp_flag' },
  udp: { sport: 'inet_service', dport: 'inet_service' },
  th: { sport: 'inet_service', dport: 'inet_service' },
  icmp: { type: 'icmp_type', code: 'icmp_code' },
};

/** Fields and keys the real nft has that are not modelled: refused by name, not as a syntax error. */
const UNMODELLED_FIELDS: Record<string, readonly string[]> = {
  ip: ['version', 'hdrlength', 'ecn', 'id', 'frag-off', 'checksum'],
  tcp: ['sequence', 'ackseq', 'doff', 'reserved', 'window', 'checksum', 'urgptr', 'option'],
  udp: ['length', 'checksum'],
  th: [],
  icmp: ['checksum', 'id', 'sequence', 'gateway', 'mtu'],
};
const UNMODELLED_CT = ['count', 'expiration', 'helper', 'l3proto', 'protocol', 'proto-src', 'proto-dst', 'bytes', 'packets', 'avgpkt', 'zone', 'event', 'label', 'id', 'timeout', 'expectation'];
/** Protocols and lookups the real nft matches on that are not modelled (IPv6 among them). */
export const UNMODELLED_KEYS = new Set(['ip6', 'icmpv6', 'udplite', 'sctp', 'dccp', 'ah', 'esp', 'comp', 'ether', 'vlan', 'arp', 'rt', 'socket', 'osf', 'exthdr', 'ipsec', 'tunnel', 'jhash', 'symhash', 'hbh', 'frag', 'dst', 'mh', 'srh', 'igmp', 'gre', 'geneve', 'vxlan', 'icmpx']);

const CT_KEYS: Record<string, NftKey['type']> = { state: 'ct_state', status: 'ct_status', mark: 'mark', direction: 'ct_dir' };
const FIB_FLAGS = ['saddr', 'daddr', 'mark', 'iif', 'oif'] as const;

/** Whether the token starts a key. */
export function startsKey(c: Cursor): boolean {
  const t = c.peek();
  return t.kind === 'string' && (t.text in PAYLOAD || UNMODELLED_KEYS.has(t.text) || t.text === 'meta' || t.text === 'ct' || t.text === 'fib' || t.text === 'numgen' || UNQUALIFIED_META.has(t.text));
}

/** One key, or several joined by '.' (a concatenation); with where it was typed. */
export function parseKey(c: Cursor, family: NftFamily): { key: NftKey; loc: NftLocation } {
  const first = parseOneKey(c, family);
  if (!c.is('.')) return first;
  const parts = [first.key];
  let loc = first.loc;
  while (c.accept('.')) {
    const k = parseOneKey(c, family);
    parts.push(k.key);
    loc = spanOf(loc, k.loc);
  }
  return { key: { kind: 'concat', parts, type: 'integer' }, loc };
}

function parseOneKey(c: Cursor, family: NftFamily): { key: NftKey; loc: NftLocation } {
  const start = c.next();
  const w = start.text;
  if (w in PAYLOAD) {
    const fields = PAYLOAD[w]!;
    const f = c.peek();
    if (f.kind === 'string' && UNMODELLED_FIELDS[w]!.includes(f.text)) throw notSimulated(`${w} ${f.text}`, spanOf(start, f));
    if (f.kind !== 'string' || !(f.text in fields)) throw c.unexpected();
    c.next();
    const key = { kind: 'payload', proto: w, field: f.text, type: fields[f.text]! } as NftKey;
    return { key, loc: spanOf(start, f) };
  }
  if (w === 'meta' || UNQUALIFIED_META.has(w)) {
    const k = w === 'meta' ? c.next() : start;
    if (!(META_KEYS as readonly string[]).includes(k.text) && KNOWN_META.split(', ').includes(k.text)) throw notSimulated(`meta ${k.text}`, spanOf(start, k));
    if (!(META_KEYS as readonly string[]).includes(k.text)) {
      throw new NftSyntaxError({ message: `syntax error, unexpected ${k.text}, known keys are ${KNOWN_META}`, loc: spanOf(start, k) });
    }
    const key = k.text as (typeof META_KEYS)[number];
    const loc = spanOf(start, k);
    if (key === 'nfproto' && family !== 'inet') throw nftError('meta nfproto is only useful in the inet family', loc);
    return { key: { kind: 'meta', key, type: META_TYPE[key] }, loc };
  }
  if (w === 'ct') {
    const k = c.next();
    if (k.text === 'original' || k.text === 'reply') {
      c.accept('ip');
      const f = c.next();
      if (f.text !== 'saddr' && f.text !== 'daddr') throw c.unexpected(undefined, f);
      return { key: { kind: 'ct', key: f.text, dir: k.text, type: 'ipv4_addr' }, loc: spanOf(start, f) };
    }
    if (UNMODELLED_CT.includes(k.text)) throw notSimulated(`ct ${k.text}`, spanOf(start, k));
    if (!(k.text in CT_KEYS)) throw c.unexpected(undefined, k);
    return { key: { kind: 'ct', key: k.text as 'state', type: CT_KEYS[k.text]! }, loc: spanOf(start, k) };
  }
  if (w === 'fib') {
    const flags: (typeof FIB_FLAGS)[number][] = [];
    do {
      const f = c.next();
      if (!(FIB_FLAGS as readonly string[]).includes(f.text)) throw c.unexpected(undefined, f);
      flags.push(f.text as (typeof FIB_FLAGS)[number]);
    } while (c.accept('.'));
    const r = c.next();
    if (r.text !== 'oif' && r.text !== 'oifname' && r.text !== 'type') throw c.unexpected(undefined, r);
    const type = r.text === 'type' ? 'fib_addrtype' : r.text === 'oif' ? 'iface_index' : 'ifname';
    return { key: { kind: 'fib', flags, result: r.text, type }, loc: spanOf(start, r) };
  }
  if (w === 'numgen') {
    const mode = c.next();
    if (mode.text !== 'random' && mode.text !== 'inc') throw c.unexpected(undefined, mode);
    c.expect('mod');
    const mod = c.next();
    if (mod.kind !== 'number') throw c.unexpected('number', mod);
    let last = mod;
    let offset = 0;
    if (c.accept('offset')) {
      last = c.next();
      offset = Number(last.text);
    }
    return { key: { kind: 'numgen', mode: mode.text, mod: Number(mod.text), offset, type: 'integer' }, loc: spanOf(start, last) };
  }
  if (UNMODELLED_KEYS.has(w)) throw notSimulated(`${w} matches`, locOf(start));
  throw c.unexpected(undefined, start);
}

/** Where a key's protocol must be checked first (nft's payload dependency), or undefined. */
export function l4Dependency(key: NftKey): 'tcp' | 'udp' | 'icmp' | undefined {
  if (key.kind !== 'payload') return undefined;
  return key.proto === 'tcp' || key.proto === 'udp' || key.proto === 'icmp' ? key.proto : undefined;
}

