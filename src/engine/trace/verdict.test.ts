import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario';
import { runCommand, runFlow } from '../sim/run';
import { BUILTIN_SCENARIOS } from '../../scenarios';
import { verdict, type RunResult } from './verdict';
import { why } from './why';

/* The verdict on real traces: every one is built by the engine from a built-in scenario. */

function scenario(name: string) {
  const parsed = parseScenario(BUILTIN_SCENARIOS[name]!);
  if (!parsed.ok) throw new Error(`${name} does not parse`);
  return parsed.scenario;
}

const flow = (name: string, index: number): RunResult => runFlow(scenario(name), index);
const command = (name: string, on: string, line: string): RunResult => runCommand(scenario(name), on, line);

describe('verdict', () => {
  it('names the host that answered an unexpected SYN-ACK with RST (hairpin NAT, broken)', () => {
    const r = flow('hairpin-nat-broken', 1);
    const v = verdict(r);
    expect(v).toMatchObject({ ok: false, text: 'reply dropped on pc2: unexpected SYN-ACK from 192.168.1.2:80 → RST' });
    const e = r.events[v.seq!]!;
    expect(e.device).toBe('pc2');
    expect(e.kind).toBe('drop');
  });

  it("takes a command run in a namespace of the box (ip netns exec pod1 ping) as the origin, not the box's interfaces forwarding for it", () => {
    expect(verdict(flow('k8s-flannel-vxlan', 2)).text).toMatch(/^reply 10\.244\.2\.2 → 10\.244\.0\.2 dropped on node3: /);
  });

  it('reads ping replies and their time from what ping printed', () => {
    expect(verdict(flow('hairpin-nat-broken', 2))).toEqual({ ok: true, text: 'ping got 1 reply from 50.60.70.1 in 0.12 ms' });
    expect(verdict(flow('home-lan', 1)).text).toBe('ping got 1 reply from 8.8.8.8 in 0.12 ms');
    expect(verdict(flow('multi-wan', 1)).text).toBe('ping got 2 replies from 93.184.216.34, 0.09 ms on average');
  });

  it('says where nc connected', () => {
    const r = flow('home-lan', 2);
    const v = verdict(r);
    expect(v.text).toBe('nc connected to 8.8.8.8:53');
    expect(why(r.events[v.seq!]!)).toBe('connected to 8.8.8.8:53');
    expect(verdict(flow('hairpin-nat-fixed', 0)).text).toBe('nc connected to 50.60.70.80:8080');
    expect(verdict(flow('multi-wan', 0)).text).toBe('nc connected to 93.184.216.34:80 (2 connections)');
  });

  it('names the program that connected, not the one that ran last, from the device or its namespaces', () => {
    // nc …; nc …; iptables -L -v: the run's status is iptables', the connections are nc's.
    expect(verdict(flow('k8s-many-endpoints', 0)).text).toBe('nc connected to 10.96.0.10:80 (2 connections)');
    // ip netns exec client nc …: the connection is from node1's namespace client, made by nc.
    expect(verdict(flow('k8s-clusterip-ipvs', 1)).text).toBe('nc connected to 10.96.0.10:80 (2 connections)');
  });

  it('finds the router that drops a reply it has no route for (asymmetric return path)', () => {
    const v = verdict(flow('return-traffic-asymmetric', 1));
    expect(v.ok).toBe(false);
    expect(v.text).toMatch(/^reply 192\.168\.1\.1:3000 → [\d.]+:\d+ dropped on default: input route: no route to the destination$/);
  });

  it('reports a failed ARP resolution', () => {
    const v = verdict(command('home-lan', 'pc1', 'ping -c 1 -W 5 192.168.1.99'));
    expect(v).toMatchObject({ ok: false, text: 'ARP for 192.168.1.99 failed on pc1:eth0 (no reply to 6 probes) → host unreachable' });
  });

  it('reports a TTL that ran out on the router', () => {
    const v = verdict(command('home-lan', 'pc1', 'ping -c 1 -t 1 8.8.8.8'));
    expect(v.text).toBe('packet 192.168.1.2 → 8.8.8.8 dropped on router: TTL 1 would reach 0: dropped, ICMP time exceeded sent back');
  });

  it('reports a refused connection', () => {
    const v = verdict(command('home-lan', 'pc1', 'nc -z -w 2 192.168.1.3 81'));
    expect(v.text).toBe('connection refused: nothing listens on 192.168.1.3:81 on pc2 (answered with RST)');
    // Through NAT: the RST comes back to the client; the refusal happened on the far host.
    expect(verdict(command('home-lan', 'pc1', 'nc -z -w 2 8.8.8.8 54')).text).toBe('connection refused: nothing listens on 8.8.8.8:54 on isp (answered with RST)');
  });

  it('says where a packet to nowhere died', () => {
    const v = verdict(command('home-lan', 'pc1', 'ping -c 1 10.9.9.9'));
    expect(v.text).toBe('packet 50.60.70.80 → 10.9.9.9 dropped on isp: input route: no route to the destination');
  });

  it('falls back to the exit status and stderr when the trace says nothing', () => {
    const v = verdict({ device: 'pc1', command: 'nc -z nowhere 80', exit: 1, stdout: '', stderr: 'nc: getaddrinfo for host "nowhere" port 80: Name or service not known\n', stopReason: 'settled', events: [] });
    expect(v).toEqual({ ok: false, text: 'nc exited with status 1: nc: getaddrinfo for host "nowhere" port 80: Name or service not known' });
  });

  it("names a pipeline's last command, whose status the pipeline's is (sh), not its first", () => {
    const failed = command('home-lan', 'pc1', 'ping -c 1 8.8.8.8 | grep -q nothing');
    expect(failed.exit).toBe(1);
    expect(verdict(failed).text).toBe('grep exited with status 1');
    const counted = command('home-lan', 'pc1', 'ping -c 1 8.8.8.8 | grep -c bytes');
    expect(counted.stdout).toBe('2\n');
    expect(verdict(counted).text).not.toMatch(/^ping/);
  });

  it('puts a bridge loop before everything else', () => {
    const v = verdict({ device: 'pc1', command: 'ping -c 1 10.0.0.2', exit: 1, stdout: '', stderr: '', stopReason: 'bridge-loop', events: [] });
    expect(v.ok).toBe(false);
    expect(v.text).toMatch(/bridge loop/);
  });
});
