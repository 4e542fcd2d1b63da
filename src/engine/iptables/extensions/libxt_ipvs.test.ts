import { describe, expect, it } from 'vitest';
import { lines, viewOn } from '../../export/print/fixture';
import { runCommand } from '../../sim/run';
import { routed, tcpdumpIp } from '../../sim/testing';
import { parseError, printed } from './testing';

/*
 * -m ipvs (xt_ipvs): packets IPVS sent on (skb->ipvs_property) and their virtual service. The
 * router is an IPVS director for 10.0.1.100:80 (one NAT real server, the server 10.0.2.2);
 * kube-proxy's KUBE-IPVS-OUT-FILTER rule keeps the node's own connections off a virtual service.
 * Texts: iptables 1.8.9's parser, libxt_ipvs's print and save (this kernel has no ip_vs).
 */

const DIRECTOR = ['ip addr add 10.0.1.100/32 dev eth0', 'ipvsadm -A -t 10.0.1.100:80 -s rr', 'ipvsadm -a -t 10.0.1.100:80 -r 10.0.2.2:80 -m'];
const OUT_FILTER = (vport: number) => `iptables -A OUTPUT -s 10.0.1.100 -m ipvs --vaddr 10.0.1.100 --vproto tcp --vport ${vport} -j DROP`;
const lab = (rules: string[]) => routed([...DIRECTOR, ...rules], ['nc -lk 80 &']);
const synsAtServer = (r: ReturnType<typeof runCommand>) => tcpdumpIp(r, 'server:eth0').filter((l) => l.includes('Flags [S]'));

describe('libxt_ipvs / xt_ipvs', () => {
  it("drops the director's own connection to the virtual service after IPVS NATs it (filter OUTPUT sees IPVS's packet), not a client's", () => {
    const own = runCommand(lab([OUT_FILTER(80)]), 'router', 'nc -z -w 1 10.0.1.100 80');
    expect(own.configIssues).toEqual([]);
    expect(own.exit).toBe(1);
    expect(synsAtServer(own)).toEqual([]);
    // A client's packet has another source: the rule's -s leaves it alone.
    const client = runCommand(lab([OUT_FILTER(80)]), 'client', 'nc -z -w 1 10.0.1.100 80');
    expect(client.exit).toBe(0);
    // Another virtual port: the entry's vport is 80.
    expect(runCommand(lab([OUT_FILTER(81)]), 'router', 'nc -z -w 1 10.0.1.100 80').exit).toBe(0);
  });

  it("--ipvs matches only what IPVS sent on: the client's SYN after the NAT, not the director's other packets", () => {
    const r = runCommand(lab(['iptables -A OUTPUT -m ipvs --ipvs', 'iptables -A OUTPUT -m ipvs ! --ipvs', 'iptables -A OUTPUT -m ipvs --vmethod GATE']), 'client', 'nc -z -w 1 10.0.1.100 80');
    expect(r.exit).toBe(0);
    const counts = viewOn(r.network, 'router', 'iptables -L OUTPUT -v -n -x').stdout.split('\n').slice(2, 5).map((l) => l.trim().split(/\s+/)[0]);
    // SYN, ACK, FIN, ACK from the client, each NATed by IPVS and sent on through LOCAL_OUT.
    expect(counts).toEqual(['4', '0', '0']);
  });

  it('prints as iptables -S and -L do (the protocol as its number, no /32)', () => {
    const [s, l] = printed([...DIRECTOR, OUT_FILTER(80), 'iptables -A OUTPUT -m ipvs ! --ipvs', 'iptables -A OUTPUT -m ipvs ! --vaddr 10.0.0.0/8 --vdir REPLY ! --vmethod MASQ --vportctl 21'], 'iptables -S OUTPUT', 'iptables -L OUTPUT -n');
    expect(s).toBe(lines(
      '-P OUTPUT ACCEPT',
      '-A OUTPUT -s 10.0.1.100/32 -m ipvs --vproto 6 --vaddr 10.0.1.100 --vport 80 -j DROP',
      '-A OUTPUT -m ipvs ! --ipvs',
      '-A OUTPUT -m ipvs ! --vaddr 10.0.0.0/8 --vdir REPLY ! --vmethod MASQ --vportctl 21',
    ));
    expect(l).toBe(lines(
      'Chain OUTPUT (policy ACCEPT)',
      'target     prot opt source               destination         ',
      'DROP       0    --  10.0.1.100           0.0.0.0/0            vproto 6 vaddr 10.0.1.100 vport 80',
      '           0    --  0.0.0.0/0            0.0.0.0/0            ! ipvs',
      '           0    --  0.0.0.0/0            0.0.0.0/0            ! vaddr 10.0.0.0/8 vdir REPLY ! vmethod MASQ vportctl 21',
    ));
  });

  it('refuses as iptables 1.8.9 does', () => {
    expect(parseError('iptables -A OUTPUT -m ipvs')).toBe('iptables v1.8.9 (nf_tables): IPVS: At least one option is required');
    expect(parseError('iptables -A OUTPUT -m ipvs --vport 80 --vport 81')).toBe('iptables v1.8.9 (nf_tables): ipvs: option "--vport" can only be used once.\n');
    expect(parseError('iptables -A OUTPUT -m ipvs ! --ipvs --vport 80')).toBe('iptables v1.8.9 (nf_tables): ! --ipvs cannot be together with other options');
    expect(parseError('iptables -A OUTPUT -m ipvs --vdir foo')).toBe('iptables v1.8.9 (nf_tables): ipvs: Bad value for "--vdir" option: "foo"');
    expect(parseError('iptables -A OUTPUT -m ipvs ! --vdir REPLY')).toBe('iptables v1.8.9 (nf_tables): ipvs: option "--vdir" cannot be inverted.\n');
    expect(parseError('iptables -A OUTPUT -m ipvs --vmethod foo')).toBe('iptables v1.8.9 (nf_tables): ipvs: Bad value for "--vmethod" option: "foo"');
    expect(parseError('iptables -A OUTPUT -m ipvs --vproto foo')).toBe('iptables v1.8.9 (nf_tables): unknown protocol "foo" specified');
  });
});
