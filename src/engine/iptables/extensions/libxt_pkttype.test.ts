import { describe, expect, it } from 'vitest';
import { lines } from '../../export/print/fixture';
import type { NetDevice } from '../../kernel/netdevice';
import type { XtContext } from '../../kernel/netfilter/x_tables';
import { rxSkb, type SkBuff } from '../../kernel/skbuff';
import { pkttype, type PkttypeInfo } from './libxt_pkttype';
import { parseError, printed, through } from './testing';

describe('libxt_pkttype / xt_pkttype', () => {
  it('prints as iptables -S and -L do (`host` is saved as unicast, names in any case)', () => {
    const rules = ['--pkt-type broadcast -j DROP', '! --pkt-type multicast -j ACCEPT', '--pkt-type host', '--pkt-type MULTICAST'].map((r) => `iptables -A INPUT -m pkttype ${r}`);
    const [s, l] = printed(rules, 'iptables -S INPUT', 'iptables -L INPUT');
    expect(s).toBe(lines('-P INPUT ACCEPT', '-A INPUT -m pkttype --pkt-type broadcast -j DROP', '-A INPUT -m pkttype ! --pkt-type multicast -j ACCEPT', '-A INPUT -m pkttype --pkt-type unicast', '-A INPUT -m pkttype --pkt-type multicast'));
    expect(l).toBe(lines(
      'Chain INPUT (policy ACCEPT)',
      'target     prot opt source               destination         ',
      'DROP       all  --  anywhere             anywhere             PKTTYPE = broadcast',
      'ACCEPT     all  --  anywhere             anywhere             PKTTYPE != multicast',
      '           all  --  anywhere             anywhere             PKTTYPE = unicast',
      '           all  --  anywhere             anywhere             PKTTYPE = multicast',
    ));
  });

  it('refuses as iptables does', () => {
    expect(parseError('iptables -A INPUT -m pkttype --pkt-type foo')).toBe("iptables v1.8.9 (nf_tables): Bad packet type 'foo'");
    expect(parseError('iptables -A INPUT -m pkttype')).toBe('iptables v1.8.9 (nf_tables): pkttype: option "--pkt-type" must be specified\n');
  });

  it('pkttype_mt: a frame to the router\'s own MAC is unicast; a locally sent packet is PACKET_HOST', () => {
    expect(through(['iptables -A FORWARD -m pkttype --pkt-type unicast -j DROP']).exit).toBe(1);
    expect(through(['iptables -A FORWARD -m pkttype ! --pkt-type unicast -j DROP']).exit).toBe(0);
    expect(through(['iptables -A FORWARD -m pkttype --pkt-type broadcast -j DROP']).exit).toBe(0);
    expect(through([], 'ping -c 1 -W 1 10.0.2.2', { client: ['iptables -A OUTPUT -m pkttype --pkt-type unicast -j DROP'] }).exit).toBe(1);
  });

  it('pkttype_mt: eth_type_trans\'s class of a received frame (ff:ff:ff:ff:ff:ff broadcast, another group address multicast)', () => {
    const test = (info: PkttypeInfo, macDst: string, pktType: SkBuff['pktType']) => {
      const skb = rxSkb({ kind: 'ipv4', tos: 0, id: 0, df: false, ttl: 64, src: 1, dst: 2, payload: { kind: 'udp', sport: 1, dport: 2, data: new Uint8Array() } }, {} as NetDevice, pktType, { src: '02:00:00:00:00:01', dst: macDst });
      return pkttype.match(info)!.test({ skb, hook: 'INPUT', table: 'filter' } as XtContext);
    };
    const is = (t: PkttypeInfo['pktType'], invert = false): PkttypeInfo => ({ name: 'pkttype', pktType: t, invert });
    expect(test(is('broadcast'), 'ff:ff:ff:ff:ff:ff', 'broadcast')).toBe(true);
    expect(test(is('multicast'), 'ff:ff:ff:ff:ff:ff', 'broadcast')).toBe(false);
    expect(test(is('multicast'), '01:00:5e:00:00:fb', 'broadcast')).toBe(true);
    expect(test(is('broadcast', true), '01:00:5e:00:00:fb', 'broadcast')).toBe(true);
    expect(test(is('otherhost'), '02:00:00:00:00:09', 'otherhost')).toBe(true);
  });
});
