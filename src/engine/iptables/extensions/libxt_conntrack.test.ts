import { describe, expect, it } from 'vitest';
import { run, twoHosts } from '../../sim/testing';

/* libxt_conntrack as iptables-nft 1.8.9 prints it, and xt_conntrack's conntrack_mt deciding. */

const LONG =
  '-A INPUT -m conntrack ! --ctstate SNAT --ctproto 6 --ctorigsrc 10.0.0.0/8 ! --ctorigdst 1.2.3.4 --ctreplsrc 5.6.7.8 --ctrepldst 9.9.9.0/24 --ctorigsrcport 10:20 --ctorigdstport 80 --ctreplsrcport 81 --ctrepldstport 1000:2000 ! --ctstatus SEEN_REPLY,ASSURED --ctdir REPLY -j ACCEPT';

const client = (rules: string[]) => twoHosts(['ip addr add 10.0.0.1/24 dev eth0', ...rules], ['ip addr add 10.0.0.2/24 dev eth0']);

describe('libxt_conntrack', () => {
  it('prints every option in conntrack3_mt_save order, as the real iptables -S and -L do', () => {
    const given =
      'iptables -A INPUT -m conntrack ! --ctstate SNAT --ctproto tcp --ctorigsrc 10.0.0.0/8 ! --ctorigdst 1.2.3.4 --ctreplsrc 5.6.7.8/32 --ctrepldst 9.9.9.0/24 --ctorigsrcport 10:20 --ctorigdstport 80 --ctreplsrcport 81 --ctrepldstport 1000:2000 ! --ctstatus ASSURED,SEEN_REPLY --ctdir REPLY -j ACCEPT';
    const lab = client([given, 'iptables -A INPUT -m conntrack --ctstatus NONE', 'iptables -A INPUT -m conntrack --ctdir ORIGINAL --ctexpire 10:100', 'iptables -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED,DNAT -j ACCEPT']);
    expect(run(lab, 'a', 'iptables -S INPUT').stdout).toBe(
      ['-P INPUT ACCEPT', LONG, '-A INPUT -m conntrack --ctstatus NONE', '-A INPUT -m conntrack --ctexpire 10:100 --ctdir ORIGINAL', '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED,DNAT -j ACCEPT', ''].join('\n'),
    );
    const listed = run(lab, 'a', 'iptables -L INPUT -n').stdout.split('\n');
    expect(listed[2]).toBe(
      'ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0            ! ctstate SNAT ctproto 6 ctorigsrc 10.0.0.0/8 ! ctorigdst 1.2.3.4 ctreplsrc 5.6.7.8 ctrepldst 9.9.9.0/24 ctorigsrcport 10:20 ctorigdstport 80 ctreplsrcport 81 ctrepldstport 1000:2000 ! ctstatus SEEN_REPLY,ASSURED ctdir REPLY',
    );
    expect(listed[5]).toBe('ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0            ctstate RELATED,ESTABLISHED,DNAT');
  });

  it('--ctstate DNAT matches a connection whose destination was rewritten (IPS_DST_NAT), as kind\'s KUBE-FIREWALL relies on', () => {
    const lab = client([
      'iptables -t nat -A OUTPUT -d 10.0.0.99 -j DNAT --to-destination 10.0.0.2',
      'iptables -A OUTPUT -d 10.0.0.2 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
    ]);
    expect(run(lab, 'a', 'ping -c 1 -W 1 10.0.0.99').exit).toBe(0);
    expect(run(lab, 'a', 'ping -c 1 -W 1 10.0.0.2').exit).toBe(1);
  });

  it('tests the tuples, the status and the direction of the packet\'s connection', () => {
    const byTuple = client(['iptables -A INPUT -p icmp -m conntrack --ctorigdst 10.0.0.2 --ctreplsrc 10.0.0.2 --ctdir REPLY --ctstatus SEEN_REPLY -j DROP']);
    expect(run(byTuple, 'a', 'ping -c 1 -W 1 10.0.0.2').exit).toBe(1);
    const otherDir = client(['iptables -A INPUT -p icmp -m conntrack --ctdir ORIGINAL -j DROP']);
    expect(run(otherDir, 'a', 'ping -c 1 -W 1 10.0.0.2').exit).toBe(0);
    const notAssured = client(['iptables -A INPUT -p icmp -m conntrack --ctstatus ASSURED -j DROP']);
    expect(run(notAssured, 'a', 'ping -c 1 -W 1 10.0.0.2').exit).toBe(0);
  });
});
