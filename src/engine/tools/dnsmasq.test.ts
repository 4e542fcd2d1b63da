import { describe, expect, it } from 'vitest';
import { DNS_RCODE_NOERROR, DNS_RCODE_REFUSED, DNS_TYPE_A, DNS_TYPE_AAAA, DNS_TYPE_OPT, DNS_TYPE_PTR, dnsQuery, encodeDns, type DnsMessage } from '../wire/dns';
import { dnsmasqAnswer, type DnsmasqData } from './dnsmasq';
import { run, scenarioOf, tcpdumpIp } from '../sim/testing';

/* dnsmasq 2.90 with no upstream, as captured in network namespaces (fixtures/kernel/dns-lan). */

const data: DnsmasqData = {
  hosts: [{ ip: 0x7f000001, names: ['localhost'] }, { ip: 0x0a000050, names: ['web', 'web.lan'] }],
  addresses: [{ domains: ['fixed.test'], ip: 0x0a000063 }],
};
const ask = (name: string, type = DNS_TYPE_A, edns = false): DnsMessage => {
  const q = dnsQuery(0x1234, name, type);
  return edns ? { ...q, additionals: [{ name: '', type: DNS_TYPE_OPT, class: 1232, ttl: 0, data: { kind: 'bytes', bytes: Uint8Array.of(0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8) } }] } : q;
};

describe('dnsmasq answers', () => {
  it('answers an /etc/hosts name authoritatively with TTL 0, keeping the query case', () => {
    const r = dnsmasqAnswer(data, ask('WEB'))!;
    expect(r).toMatchObject({ id: 0x1234, response: true, authoritative: true, recursionDesired: true, recursionAvailable: true, rcode: DNS_RCODE_NOERROR });
    expect(r.answers).toEqual([{ name: 'WEB', type: DNS_TYPE_A, class: 1, ttl: 0, data: { kind: 'address', address: 0x0a000050 } }]);
    // 21-byte question + 16-byte answer: the 37 bytes the real one sent to host(1).
    expect(encodeDns(r).length).toBe(37);
  });
  it('answers --address=/dom/ip for the domain and every name under it', () => {
    expect(dnsmasqAnswer(data, ask('www.fixed.test'))!.answers[0]!.data).toEqual({ kind: 'address', address: 0x0a000063 });
  });
  it('answers PTR for a hosts address with the first name of the line', () => {
    const r = dnsmasqAnswer(data, ask('80.0.0.10.in-addr.arpa', DNS_TYPE_PTR))!;
    expect(r.answers[0]!.data).toEqual({ kind: 'name', name: 'web' });
  });
  it('refuses what it would forward (unknown names, AAAA of a hosts name) when it has no upstream', () => {
    for (const q of [ask('nosuch'), ask('web', DNS_TYPE_AAAA)]) {
      const r = dnsmasqAnswer(data, q)!;
      expect(r).toMatchObject({ rcode: DNS_RCODE_REFUSED, authoritative: false, recursionAvailable: true, answers: [] });
    }
  });
  it('echoes EDNS with UDP size 1232 and adds EDE 14 (Not Ready) to a refusal: 41 bytes for "nosuch"', () => {
    const r = dnsmasqAnswer(data, ask('nosuch', DNS_TYPE_A, true))!;
    expect(r.additionals).toHaveLength(1);
    expect(r.additionals[0]!.class).toBe(1232);
    expect(encodeDns(r).length).toBe(41);
    expect(encodeDns(dnsmasqAnswer(data, ask('web', DNS_TYPE_A, true))!).length).toBe(48);
  });
  it('ignores responses', () => {
    expect(dnsmasqAnswer(data, { ...ask('web'), response: true })).toBeUndefined();
  });
});

/** c asks d's dnsmasq; d forwards to u's dnsmasq (resolv.conf) unless its own lines say otherwise. */
function forwarders(dLines: string[]) {
  return scenarioOf(
    {
      c: { ports: ['eth0'], config: ['ip addr add 10.0.0.1/24 dev eth0', "echo 'nameserver 10.0.0.2' > /etc/resolv.conf"] },
      d: { ports: ['eth0'], config: ['ip addr add 10.0.0.2/24 dev eth0', "echo 'nameserver 10.0.0.3' > /etc/resolv.conf", ...dLines] },
      u: { ports: ['eth0'], config: ['ip addr add 10.0.0.3/24 dev eth0', "echo '10.9.9.9 up.example' >> /etc/hosts", 'dnsmasq --no-resolv &'] },
      sw: { kind: 'switch', ports: ['p1', 'p2', 'p3'] },
    },
    [
      ['c:eth0', 'sw:p1'],
      ['d:eth0', 'sw:p2'],
      ['u:eth0', 'sw:p3'],
    ],
  );
}

describe('dnsmasq upstream servers (dnsmasq 2.90 in a namespace)', () => {
  it('forwards what it cannot answer to the nameserver of its resolv.conf and relays the answer', () => {
    const r = run(forwarders(['dnsmasq &']), 'c', 'dig +short up.example');
    expect([r.stdout, r.exit]).toEqual(['10.9.9.9\n', 0]);
    expect(tcpdumpIp(r, 'u:eth0').filter((l) => l.includes('A? up.example.'))).toHaveLength(1);
  });

  it('-S / --server names the upstream; a missing -H file is skipped (logged to syslog), the daemon still starts', () => {
    for (const line of ['dnsmasq -S 10.0.0.3 &', 'dnsmasq --server=10.0.0.3 --no-resolv -H /etc/nonexistent &', 'dnsmasq --addn-hosts=/etc/x --server=/example/10.0.0.3 &']) {
      const r = run(forwarders([line]), 'c', 'dig +short up.example');
      expect([line, r.stdout, r.exit]).toEqual([line, '10.9.9.9\n', 0]);
    }
  });

  it('an upstream with no route to it: REFUSED with EDE 23 (Network Error) at once', () => {
    const r = run(forwarders(["echo 'nameserver 8.8.8.8' > /etc/resolv.conf", 'dnsmasq &']), 'c', 'dig up.example');
    expect(r.stdout).toContain(';; ->>HEADER<<- opcode: QUERY, status: REFUSED');
    expect(r.stdout).toContain('; EDE: 23 (Network Error)\n');
    expect(r.exit).toBe(0);
  });

  it('a server that is the box itself (-S 0.0.0.0) is ignored, not asked in a loop: REFUSED with EDE 14', () => {
    const r = run(forwarders(['dnsmasq --no-resolv -S 0.0.0.0 &']), 'c', 'dig up.example');
    expect(r.stdout).toContain('; EDE: 14 (Not Ready)\n');
    expect(r.exit).toBe(0);
  });

  it('an upstream that does not answer: the client times out', () => {
    const r = run(forwarders(['dnsmasq -S 10.0.0.9 &']), 'c', 'dig +tries=1 +time=1 up.example');
    expect(r.stdout).toContain(';; communications error to 10.0.0.2#53: timed out\n');
    expect(r.exit).toBe(9);
  });
});
