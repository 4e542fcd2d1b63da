import { describe, expect, it } from 'vitest';
import { configError } from '../../command/testing';
import { viewOn } from '../../export/print/fixture';
import type { FlowResult } from '../../sim/run';
import { routed, run } from '../../sim/testing';
import { refusals } from './targets.testing';

/* xt_CT: --notrack (and its alias NOTRACK) in the raw table leaves a packet untracked. */

const MASQ = ['iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE'];
const SERVER = ['nc -lk 10.0.2.2 80 &'];
const sources = (r: FlowResult, port: string) =>
  (r.captures.get(port) ?? []).flatMap((f) => (f.frame.payload.kind === 'ipv4' && f.frame.payload.payload.kind === 'tcp' ? [f.frame.payload.src] : []));
const CLIENT = 0x0a000102;
const ROUTER_OUT = 0x0a000201;

describe('CT --notrack / NOTRACK', () => {
  it('an untracked flow is not NATed (nf_nat skips a packet without conntrack) and conntrack -L does not show it', () => {
    const natted = run(routed(MASQ, SERVER), 'client', 'nc -z -w 2 10.0.2.2 80');
    expect(new Set(sources(natted, 'router:eth1'))).toEqual(new Set([ROUTER_OUT, 0x0a000202]));
    const notrack = run(routed([...MASQ, 'iptables -t raw -A PREROUTING -p tcp --dport 80 -j CT --notrack', 'iptables -t raw -A PREROUTING -p tcp --sport 80 -j NOTRACK'], SERVER), 'client', 'nc -z -w 2 10.0.2.2 80');
    expect(notrack.exit).toBe(0);
    expect(new Set(sources(notrack, 'router:eth1'))).toEqual(new Set([CLIENT, 0x0a000202]));
    expect(viewOn(notrack.network, 'router', 'conntrack -L').stdout).toBe('');
  });

  it('the packet\'s state is UNTRACKED for -m conntrack/-m state', () => {
    const r = run(
      routed(['iptables -t raw -A PREROUTING -p icmp -j CT --notrack', 'iptables -A FORWARD -m conntrack --ctstate UNTRACKED -j DROP']),
      'client',
      'ping -c 1 -W 1 10.0.2.2',
    );
    expect(r.exit).toBe(1);
    expect(run(routed(['iptables -A FORWARD -m conntrack --ctstate UNTRACKED -j DROP']), 'client', 'ping -c 1 -W 1 10.0.2.2').exit).toBe(0);
  });

  it('prints as iptables-nft 1.8.9: NOTRACK keeps its name in -S and shows as CT in -L', () => {
    const net = run(routed(['iptables -t raw -A PREROUTING -p tcp --dport 80 -j CT --notrack', 'iptables -t raw -A PREROUTING -j CT', 'iptables -t raw -A OUTPUT -p tcp --sport 80 -j NOTRACK']), 'client', 'true').network;
    expect(viewOn(net, 'router', 'iptables -t raw -S').stdout).toBe(
      '-P PREROUTING ACCEPT\n-P OUTPUT ACCEPT\n-A PREROUTING -p tcp -m tcp --dport 80 -j CT --notrack\n-A PREROUTING -j CT\n-A OUTPUT -p tcp -m tcp --sport 80 -j NOTRACK\n',
    );
    expect(viewOn(net, 'router', 'iptables -t raw -L').stdout).toBe(
      'Chain PREROUTING (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        'CT         tcp  --  anywhere             anywhere             tcp dpt:http CT notrack\n' +
        'CT         all  --  anywhere             anywhere             CT\n' +
        '\n' +
        'Chain OUTPUT (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        'CT         tcp  --  anywhere             anywhere             tcp spt:http NOTRACK\n',
    );
  });

  it('is raw only (xt_CT .table = "raw"); NOTRACK takes no options', () => {
    expect(refusals(['iptables -t mangle -A PREROUTING -j CT --notrack', 'iptables -A INPUT -j NOTRACK'])).toEqual(
      ['PREROUTING', 'INPUT'].map((chain) => `iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain ${chain}`),
    );
    expect(configError('iptables -t raw -A PREROUTING -j NOTRACK --notrack').message).toBe("iptables v1.8.9 (nf_tables): unknown option \"--notrack\"\nTry `iptables -h' or 'iptables --help' for more information.");
    expect(configError('iptables -t raw -A PREROUTING -j CT --zone 5').message).toBe('hairpin: CT --zone is not simulated');
  });
});
