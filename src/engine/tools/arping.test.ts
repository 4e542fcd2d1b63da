import { describe, expect, it } from 'vitest';
import { run, twoHosts } from '../sim/testing';

/* iputils arping, as it behaved in fixtures/kernel/arping-lan (Debian 12, Linux 6.18). */

const lan = () => twoHosts(['ip addr add 10.0.0.2/24 dev eth0'], ['ip addr add 10.0.0.1/24 dev eth0']);

describe('arping', () => {
  it('broadcasts the first request, then unicasts to the MAC that answered', () => {
    const r = run(lan(), 'a', 'arping -c 2 -I eth0 10.0.0.1');
    expect(r.stdout.replace(/\d+\.\d{3}ms/g, 'Tms')).toBe('ARPING 10.0.0.1 from 10.0.0.2 eth0\nUnicast reply from 10.0.0.1 [02:00:00:00:02:01]  Tms\nUnicast reply from 10.0.0.1 [02:00:00:00:02:01]  Tms\nSent 2 probes (1 broadcast(s))\nReceived 2 response(s)\n');
    const reqs = r.captures.get('a:eth0')!.filter((f) => f.dir === 'out' && f.frame.payload.kind === 'arp');
    expect(reqs.map((f) => [f.frame.dst, f.frame.payload.kind === 'arp' ? f.frame.payload.targetMac : ''])).toEqual([
      ['ff:ff:ff:ff:ff:ff', 'ff:ff:ff:ff:ff:ff'],
      ['02:00:00:00:02:01', '02:00:00:00:02:01'],
    ]);
    expect(r.exit).toBe(0);
  });

  it('nobody answers: exit 1 one second after the last probe', () => {
    const r = run(lan(), 'a', 'arping -c 2 -w 3 -I eth0 10.0.0.9');
    expect(r.stdout).toBe('ARPING 10.0.0.9 from 10.0.0.2 eth0\nSent 2 probes (2 broadcast(s))\nReceived 0 response(s)\n');
    expect(r.exit).toBe(1);
    expect(Math.round(r.endedAt / 1e9)).toBe(2);
  });

  it('the reply fills no neighbour entry: a ping afterwards ARPs again', () => {
    const r = run(lan(), 'a', 'arping -c 1 -I eth0 10.0.0.1 && ping -c 1 10.0.0.1');
    const requests = r.captures.get('a:eth0')!.filter((f) => f.dir === 'out' && f.frame.payload.kind === 'arp');
    expect(requests).toHaveLength(2);
    expect(r.exit).toBe(0);
  });
});
