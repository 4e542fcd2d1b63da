import { describe, expect, it } from 'vitest';
import { parseIp4 } from '../addr/ipv4';
import { runCommand } from '../sim/run';
import { run, scenarioOf, twoHosts } from '../sim/testing';

/** Boots a scenario and returns its config problems (the first device runs `true`). */
function runRaw(s: ReturnType<typeof scenarioOf>) {
  return runCommand(s, s.devices[0]!.id, 'true');
}
import { routeOutput } from './route';

const ip = (s: string) => parseIp4(s)!;

function stackOf(config: string[]) {
  const s = scenarioOf({ h: { ports: ['eth0', 'eth1'], config } }, []);
  return run(s, 'h', 'true').network.stacks.get('h')!;
}

describe('fib (longest prefix match, net/ipv4/fib_trie.c)', () => {
  it('the longest prefix wins, and the lookup backtracks to shorter prefixes', () => {
    const st = stackOf(['ip addr add 10.0.0.1/24 dev eth0', 'ip addr add 10.0.1.1/24 dev eth1', 'ip route add 172.16.0.0/12 via 10.0.0.254', 'ip route add 172.16.5.0/24 via 10.0.1.254']);
    const a = routeOutput(st, { dst: ip('172.16.5.9') });
    const b = routeOutput(st, { dst: ip('172.17.0.1') });
    expect(a.ok && a.gateway).toBe(ip('10.0.1.254'));
    expect(b.ok && b.gateway).toBe(ip('10.0.0.254'));
  });

  it('among equal prefixes the lowest metric wins', () => {
    const st = stackOf(['ip addr add 10.0.0.1/24 dev eth0', 'ip addr add 10.0.1.1/24 dev eth1', 'ip route add default via 10.0.0.254 metric 200', 'ip route add default via 10.0.1.254 metric 100']);
    const r = routeOutput(st, { dst: ip('8.8.8.8') });
    expect(r.ok && r.dev.name).toBe('eth1');
  });

  it('routes of one prefix: the lowest metric answers until it is deleted, then the next; ip route lists them all (unlinked ports: linkdown)', () => {
    const config = ['ip addr add 10.0.0.1/24 dev eth0', 'ip addr add 10.0.1.1/24 dev eth1', 'ip route add 192.0.2.0/24 via 10.0.0.254 metric 300', 'ip route add 192.0.2.0/24 via 10.0.1.254 metric 100', 'ip route add 192.0.2.0/24 via 10.0.0.253 metric 200'];
    const s = scenarioOf({ h: { ports: ['eth0', 'eth1'], config } }, []);
    expect(run(s, 'h', 'ip route show 192.0.2.0/24').stdout).toBe('192.0.2.0/24 via 10.0.1.254 dev eth1 metric 100 linkdown \n192.0.2.0/24 via 10.0.0.253 dev eth0 metric 200 linkdown \n192.0.2.0/24 via 10.0.0.254 dev eth0 metric 300 linkdown \n');
    const gatewayAfter = (dels: string[]) => {
      const st = stackOf([...config, ...dels]);
      const r = routeOutput(st, { dst: ip('192.0.2.9') });
      return r.ok ? r.gateway : r.errno;
    };
    expect(gatewayAfter([])).toBe(ip('10.0.1.254'));
    expect(gatewayAfter(['ip route del 192.0.2.0/24 metric 100'])).toBe(ip('10.0.0.253'));
    expect(gatewayAfter(['ip route del 192.0.2.0/24 metric 100', 'ip route del 192.0.2.0/24 metric 200'])).toBe(ip('10.0.0.254'));
    // ENETUNREACH once the last is gone: the prefix is no longer in the table.
    expect(gatewayAfter(['ip route del 192.0.2.0/24 metric 100', 'ip route del 192.0.2.0/24 metric 200', 'ip route del 192.0.2.0/24 metric 300'])).toBe(101);
    expect(gatewayAfter(['ip route replace 192.0.2.0/24 via 10.0.0.252 metric 100'])).toBe(ip('10.0.0.252'));
  });

  // fib_new_table makes local an alias of main's trie while no rule was added; fib_lookup then
  // looks in that one trie, where the longest prefix of either table answers. A rule added or
  // deleted splits them for good (fib_unmerge), and the rules look in local first. The outputs
  // are what this machine's kernel printed for the same commands (veth d0 here eth0).
  it('local and main are one trie until a rule changes: a main route more specific than a local (AnyIP) one wins, then no longer', () => {
    const anyIp = ['ip addr add 192.0.2.1/24 dev eth0', 'ip route add local 10.0.0.0/8 dev lo', 'ip route add 10.1.0.0/16 via 192.0.2.2'];
    const host = (extra: string[]) => scenarioOf({ h: { ports: ['eth0'], config: [...anyIp, ...extra] }, peer: { ports: ['eth0'], config: [] } }, [['h:eth0', 'peer:eth0']]);
    const merged = host([]);
    expect(run(merged, 'h', 'ip route get 10.1.2.3').stdout).toBe('10.1.2.3 via 192.0.2.2 dev eth0 src 192.0.2.1 uid 0 \n    cache \n');
    expect(run(merged, 'h', 'ip route get 10.2.2.3').stdout).toBe('local 10.2.2.3 dev lo src 10.2.2.3 uid 0 \n    cache <local> \n');
    // At one prefix in both tables, local's route comes first (a leaf's aliases by table id, highest first).
    const samePrefix = host(['ip route add 10.9.0.0/16 dev eth0', 'ip route add local 10.9.0.0/16 dev lo']);
    expect(run(samePrefix, 'h', 'ip route get 10.9.1.1').stdout).toBe('local 10.9.1.1 dev lo src 10.9.1.1 uid 0 \n    cache <local> \n');
    const local = 'local 10.1.2.3 dev lo table local src 10.1.2.3 uid 0 \n    cache <local> \n';
    expect(run(host(['ip rule add from 198.51.100.0/24 lookup main pref 100']), 'h', 'ip route get 10.1.2.3').stdout).toBe(local);
    expect(run(host(['ip rule del pref 32767']), 'h', 'ip route get 10.1.2.3').stdout).toBe(local);
  });

  it('error routes: unreachable gives EHOSTUNREACH, prohibit EACCES, blackhole EINVAL; no route ENETUNREACH', () => {
    const st = stackOf(['ip route add unreachable 10.1.0.0/16', 'ip route add prohibit 10.2.0.0/16', 'ip route add blackhole 10.3.0.0/16']);
    const errno = (d: string) => {
      const r = routeOutput(st, { dst: ip(d) });
      return r.ok ? 0 : r.errno;
    };
    expect(errno('10.1.1.1')).toBe(113);
    expect(errno('10.2.1.1')).toBe(13);
    expect(errno('10.3.1.1')).toBe(22);
    expect(errno('10.4.1.1')).toBe(101);
  });

  it('source selection: the route\'s src, else the device\'s primary address in the gateway\'s subnet', () => {
    const st = stackOf(['ip addr add 10.0.0.1/24 dev eth0', 'ip addr add 192.168.0.1/24 dev eth0', 'ip route add default via 192.168.0.254', 'ip route add 8.8.4.0/24 via 10.0.0.254 src 192.168.0.1']);
    const viaGw = routeOutput(st, { dst: ip('1.1.1.1') });
    const withSrc = routeOutput(st, { dst: ip('8.8.4.4') });
    expect(viaGw.ok && viaGw.src).toBe(ip('192.168.0.1'));
    expect(withSrc.ok && withSrc.src).toBe(ip('192.168.0.1'));
  });

  it('a secondary address in the same subnet becomes secondary and its local route uses the primary as src', () => {
    const st = stackOf(['ip addr add 10.0.0.1/24 dev eth0', 'ip addr add 10.0.0.9/24 dev eth0']);
    expect(st.byName.get('eth0')!.addrs.map((a) => a.secondary)).toEqual([false, true]);
    const r = routeOutput(st, { dst: ip('10.0.0.9') });
    expect(r.ok && r.type).toBe('local');
    expect(r.ok && r.src).toBe(ip('10.0.0.1'));
  });
});

describe('route add validation (fib_semantics.c)', () => {
  it('refuses a gateway with no link-scope route to it: "Error: Nexthop has invalid gateway."', () => {
    const s = scenarioOf({ vps: { ports: ['eth0'], config: ['ip addr add 91.99.148.215/32 dev eth0', 'ip route add default via 172.31.1.1'] } }, []);
    const r = runRaw(s);
    expect(r.configIssues).toEqual([{ device: 'vps', line: 2, column: 1, message: 'Error: Nexthop has invalid gateway.', kind: 'refused' }]);
  });

  it('accepts it once "172.31.1.1 dev eth0 scope link" exists, and with onlink', () => {
    const ok = scenarioOf({ vps: { ports: ['eth0'], config: ['ip addr add 91.99.148.215/32 dev eth0', 'ip route add 172.31.1.1 dev eth0 scope link', 'ip route add default via 172.31.1.1'] } }, []);
    expect(runRaw(ok).configIssues).toEqual([]);
    const onlink = scenarioOf({ vps: { ports: ['eth0'], config: ['ip addr add 91.99.148.215/32 dev eth0', 'ip route add default via 172.31.1.1 dev eth0 onlink'] } }, []);
    expect(runRaw(onlink).configIssues).toEqual([]);
  });

  it('a gateway reachable only through another gateway is not enough', () => {
    const s = scenarioOf({ h: { ports: ['eth0'], config: ['ip addr add 10.0.0.1/24 dev eth0', 'ip route add 10.9.0.0/16 via 10.0.0.254', 'ip route add 10.8.0.0/16 via 10.9.0.1'] } }, []);
    expect(runRaw(s).configIssues[0]?.message).toBe('Error: Nexthop has invalid gateway.');
  });

  it('src must be a local address: "Error: Invalid prefsrc address."', () => {
    const s = scenarioOf({ h: { ports: ['eth0'], config: ['ip addr add 10.0.0.1/24 dev eth0', 'ip route add 10.5.0.0/16 dev eth0 src 10.0.0.77'] } }, []);
    expect(runRaw(s).configIssues[0]?.message).toBe('Error: Invalid prefsrc address.');
  });

  it('adding the same prefix and metric twice: "RTNETLINK answers: File exists"', () => {
    const s = twoHosts(['ip addr add 10.0.0.1/24 dev eth0', 'ip route add 10.5.0.0/16 dev eth0', 'ip route add 10.5.0.0/16 dev eth0'], []);
    expect(runRaw(s).configIssues[0]?.message).toBe('RTNETLINK answers: File exists');
  });
});
