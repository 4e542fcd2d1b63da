import { describe, expect, it } from 'vitest';
import { AF_INET, AF_INET6 } from '../../addr/family';
import { parseIp4 } from '../../addr/ipv4';
import { routed, run } from '../../sim/testing';
import { invertTuple, tupleKey, type Tuple } from './conntrack';

/*
 * nf_conntrack_tuple carries its address family (src.l3num): the hash is over the whole tuple,
 * so an IPv6 flow whose numbers happen to equal an IPv4 one's is a different connection.
 */
describe('conntrack tuples carry their family (nf_conntrack_tuple.h)', () => {
  it('an IPv4 packet\'s connection is found by its AF_INET tuple, and the same numbers in another family find nothing', () => {
    const r = run(routed(['iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE']), 'client', 'ping -c 1 -W 1 10.0.2.2');
    const ct = r.network.stacks.get('router')!.nf.conntrack;
    const [conn] = ct.entries();
    expect(conn!.orig).toEqual({ l3num: AF_INET, src: parseIp4('10.0.1.2'), dst: parseIp4('10.0.2.2'), proto: 1, sport: conn!.orig.sport, dport: 8 });
    expect(ct.find(conn!.orig)?.conn).toBe(conn);
    expect(ct.find(conn!.reply)).toEqual({ conn, reply: true });
    const otherFamily: Tuple = { ...conn!.orig, l3num: AF_INET6 };
    expect(ct.find(otherFamily)).toBeUndefined();
    expect(ct.taken(invertTuple(otherFamily), conn!)).toBe(false);
  });

  it('inverting a tuple keeps its family and swaps its ends (nf_ct_invert_tuple)', () => {
    const t: Tuple = { l3num: AF_INET6, src: 1, dst: 2, proto: 17, sport: 1000, dport: 53 };
    expect(invertTuple(t)).toEqual({ l3num: AF_INET6, src: 2, dst: 1, proto: 17, sport: 53, dport: 1000 });
    expect(tupleKey(t)).not.toBe(tupleKey({ ...t, l3num: AF_INET }));
  });
});
