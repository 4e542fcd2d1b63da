import { describe, expect, it } from 'vitest';
import { configError } from '../../command/testing';
import { viewOn } from '../../export/print/fixture';
import { routed, run } from '../../sim/testing';
import { refusals } from './targets.testing';
import type { FlowResult } from '../../sim/run';
import type { TcpSegment } from '../../wire/types';
import { mangleMss } from './libxt_TCPMSS';

/* xt_TCPMSS: what the SYN carries on the next link, and what iptables accepts and prints. */

/** The MSS option of each SYN seen on a port, in order. */
function synMss(r: FlowResult, port: string): (number | undefined)[] {
  return (r.captures.get(port) ?? []).flatMap((f) => {
    const p = f.frame.payload;
    if (p.kind !== 'ipv4' || p.payload.kind !== 'tcp' || !(p.payload.flags & 0x02)) return [];
    return [(p.payload.options.find((o) => o.kind === 'mss') as { value: number } | undefined)?.value];
  });
}

const SERVER = ['nc -lk 10.0.2.2 80 &'];
const SMALL_EGRESS = ['ip link set eth1 mtu 1400'];

describe('TCPMSS', () => {
  it('--clamp-mss-to-pmtu lowers a forwarded SYN\'s MSS to the way out\'s MTU less 40 (tcpmss_mangle_packet)', () => {
    const r = run(routed([...SMALL_EGRESS, 'iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu'], [...SERVER, 'ip link set eth0 mtu 1400']), 'client', 'nc -z -w 2 10.0.2.2 80');
    expect(r.exit).toBe(0);
    expect(synMss(r, 'router:eth0')).toEqual([1460, 1360]);
    expect(synMss(r, 'router:eth1')).toEqual([1360, 1360]);
  });

  it('--clamp-mss-to-pmtu also takes the MTU of the route back to the sender (tcpmss_reverse_mtu)', () => {
    // The small MTU is on the way in: the SYN from the client is still clamped to 1260.
    const r = run(routed(['ip link set eth0 mtu 1300', 'iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu'], SERVER, ['ip link set eth0 mtu 1300']), 'client', 'nc -z -w 2 10.0.2.2 80');
    expect(synMss(r, 'router:eth1')[0]).toBe(1260);
  });

  it('--set-mss lowers the MSS but never raises it ("Never increase MSS, even when setting it")', () => {
    const lower = run(routed(['iptables -t mangle -A POSTROUTING -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1200'], SERVER), 'client', 'nc -z -w 2 10.0.2.2 80');
    // The client's SYN leaves by eth1 and the server's SYN-ACK by eth0: each is lowered on its way out.
    expect(synMss(lower, 'router:eth1')).toEqual([1200, 1460]);
    expect(synMss(lower, 'router:eth0')).toEqual([1460, 1200]);
    const higher = run(routed(['iptables -t mangle -A POSTROUTING -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 9000'], SERVER), 'client', 'nc -z -w 2 10.0.2.2 80');
    expect(synMss(higher, 'router:eth1')).toEqual([1460, 1460]);
  });

  it('adds an MSS option (at most 536, RFC 1122) to a segment without one and without data', () => {
    const seg: TcpSegment = { kind: 'tcp', sport: 1, dport: 2, seq: 0, ack: 0, flags: 0x10, window: 100, options: [{ kind: 'nop' }], data: new Uint8Array() };
    expect(mangleMss(seg, 1400)).toEqual({ seg: { ...seg, options: [{ kind: 'mss', value: 536 }, { kind: 'nop' }] } });
    expect(mangleMss({ ...seg, data: new Uint8Array(3) }, 1400)).toBe('unchanged');
  });

  it('is refused where the kernel refuses it: without -p tcp (xt_TCPMSS .proto), clamping in a base chain other than FORWARD/OUTPUT/POSTROUTING', () => {
    expect(
      refusals([
        'iptables -t mangle -A POSTROUTING -j TCPMSS --set-mss 1400',
        'iptables -t mangle -A POSTROUTING ! -p tcp -j TCPMSS --set-mss 1400',
        'iptables -t mangle -A PREROUTING -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu',
        'iptables -t mangle -A INPUT -p tcp -j TCPMSS --clamp-mss-to-pmtu',
        'iptables -t mangle -A PREROUTING -p tcp -j TCPMSS --set-mss 1400',
        'iptables -A FORWARD -p tcp -j TCPMSS --set-mss 1400',
      ]),
    ).toEqual(['POSTROUTING', 'POSTROUTING', 'PREROUTING', 'INPUT'].map((chain) => `iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain ${chain}`));
    // A user chain gives checkentry no hook: clamping there is accepted, whichever chain jumps to it.
    expect(
      refusals([
        'iptables -t mangle -N X',
        'iptables -t mangle -A PREROUTING -j X',
        'iptables -t mangle -A X -p tcp -j TCPMSS --clamp-mss-to-pmtu',
        'iptables -t mangle -N Y',
        'iptables -t mangle -A Y -p tcp -j TCPMSS --clamp-mss-to-pmtu',
        'iptables -t mangle -A INPUT -j Y',
      ]),
    ).toEqual([]);
    expect(configError('iptables -t mangle -A FORWARD -p tcp -j TCPMSS').message).toBe("iptables v1.8.9 (nf_tables): TCPMSS target: At least one parameter is required\nTry `iptables -h' or 'iptables --help' for more information.");
    expect(configError('iptables -t mangle -A FORWARD -p tcp -j TCPMSS --set-mss 70000').message).toBe(
      'iptables v1.8.9 (nf_tables): TCPMSS: bad value for option "--set-mss", or out of range (0-65515).\n\nTry `iptables -h\' or \'iptables --help\' for more information.',
    );
  });

  it('prints as iptables-nft 1.8.9 does in -S, -L and -L -n (the later of --set-mss and --clamp-mss-to-pmtu wins)', () => {
    const rules = [
      'iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1400 --clamp-mss-to-pmtu',
      'iptables -t mangle -A POSTROUTING -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1400',
      'iptables -t mangle -A POSTROUTING -p tcp -j TCPMSS --set-mss 1400',
      'iptables -A FORWARD -p tcp -j TCPMSS --clamp-mss-to-pmtu --set-mss 1300',
    ];
    const net = run(routed(rules), 'client', 'true').network;
    expect(viewOn(net, 'router', 'iptables -t mangle -S').stdout).toContain(
      '-A FORWARD -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu\n' +
        '-A POSTROUTING -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1400\n' +
        '-A POSTROUTING -p tcp -j TCPMSS --set-mss 1400\n',
    );
    expect(viewOn(net, 'router', 'iptables -S FORWARD').stdout).toBe('-P FORWARD ACCEPT\n-A FORWARD -p tcp -j TCPMSS --set-mss 1300\n');
    expect(viewOn(net, 'router', 'iptables -t mangle -L POSTROUTING').stdout).toBe(
      'Chain POSTROUTING (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        'TCPMSS     tcp  --  anywhere             anywhere             tcp flags:SYN,RST/SYN TCPMSS set 1400\n' +
        'TCPMSS     tcp  --  anywhere             anywhere             TCPMSS set 1400\n',
    );
    expect(viewOn(net, 'router', 'iptables -t mangle -L FORWARD -n').stdout).toBe(
      'Chain FORWARD (policy ACCEPT)\n' +
        'target     prot opt source               destination         \n' +
        'TCPMSS     6    --  0.0.0.0/0            0.0.0.0/0            tcp flags:0x06/0x02 TCPMSS clamp to PMTU\n',
    );
  });
});
