import { describe, expect, it } from 'vitest';
import { routed, run } from '../../sim/testing';

/*
 * nf_conntrack_tcp_packet: a SYN that meets its tuple's entry in TIME_WAIT (the FINs set
 * IP_CT_TCP_FLAG_CLOSE_INIT) kills the entry and is looked up again (-NF_REPEAT): it opens a new
 * connection, and NAT is decided afresh for it.
 */
describe('a SYN reopening a connection in TIME_WAIT (nf_conntrack_proto_tcp.c)', () => {
  const scenario = routed(
    ['iptables -t nat -A PREROUTING -d 10.0.1.1 -p tcp --dport 80 -j DNAT --to-destination 10.0.2.2:8080'],
    ['python3 -m http.server 8080 &'],
  );
  // The server closes first (HTTP/1.0), so the client's port is free again at once (no TIME_WAIT
  // on the client: Linux refuses `nc -p` a port its own TIME_WAIT holds) while the router's
  // entry sits in TIME_WAIT. Checked in namespaces: both requests get their 200.
  it('the second connection from the same port is NEW at the router, DNATed again, and gets its answer', () => {
    const get = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -p 40000 10.0.1.1 80 | grep -c '^HTTP/1.0 200'";
    const r = run(scenario, 'client', `${get}; sleep 1; ${get}`);
    expect(r.exit).toBe(0);
    expect(r.stdout).toBe('1\n1\n');
    const router = r.events.filter((e) => e.device === 'router');
    expect(router.filter((e) => e.reason.code === 'ct_reopen')).toHaveLength(1);
    // Two connections: each SYN starts one (NEW), the second after the old entry went.
    expect(router.filter((e) => e.reason.code === 'ct_new')).toHaveLength(2);
    const ct = r.network.stacks.get('router')!.nf.conntrack.entries();
    expect(ct).toHaveLength(1);
  });
});
