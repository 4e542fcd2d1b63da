import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { viewOn } from '../export/print/fixture';
import { parseScenario } from '../scenario';
import type { Scenario } from '../scenario/types';
import { runCommand, runFlow, type FlowResult } from '../sim/run';
import { tcpdumpIp } from '../sim/testing';
import { modelledFeatures } from '../trace/modelled';

/*
 * fixtures/scenarios/real-kube-proxy-ipvs.json: a node as kube-proxy's IPVS proxier sets it up.
 * The test kernel has no ip_vs and no dummy, so these flows are modelled, not recorded; what
 * each asserts follows the kernel's source (net/netfilter/ipvs, br_netfilter, nf_nat).
 */

const text = readFileSync(fileURLToPath(new URL('../../../fixtures/scenarios/real-kube-proxy-ipvs.json', import.meta.url)), 'utf8');

function scenario(edit: (config: string[]) => string[] = (c) => c): Scenario {
  const doc = JSON.parse(text);
  doc.devices.node1.config = edit(doc.devices.node1.config);
  const parsed = parseScenario(JSON.stringify(doc));
  if (!parsed.ok) throw new Error('the scenario does not validate');
  return parsed.scenario;
}

const base = scenario();
const flow = (i: number): FlowResult => runFlow(base, i);
/** The IP lines tcpdump shows on a port (`node1/web-b:eth0` is the pod's own eth0). */
const ip = (r: FlowResult, port: string) => tcpdumpIp(r, port).filter((l) => l.startsWith('IP '));
const first = (r: FlowResult, port: string, flags: string) => ip(r, port).find((l) => l.includes(`Flags [${flags}]`));

describe("real ruleset: kube-proxy's IPVS mode", () => {
  it('loads whole, and every flow ends as it expects, through IPVS (hairpin check)', () => {
    for (const f of base.flows) {
      const r = runFlow(base, f.index);
      expect(r.configIssues, `flow ${f.index}`).toEqual([]);
      expect(r.exit, `flow ${f.index}: ${f.run}`).toBe(f.expect?.exit);
      expect(modelledFeatures(r.events), `flow ${f.index}`).toEqual(['IPVS']);
    }
  });

  it("kube-ipvs0 stays down, yet its /32s are local addresses (fib_add_ifaddr adds the local route whatever the device's state)", () => {
    const r = flow(0);
    expect(viewOn(r.network, 'node1', 'ip -br addr show dev kube-ipvs0').stdout).toBe('kube-ipvs0       DOWN           10.96.0.10/32 203.0.113.50/32 203.0.113.60/32 10.96.0.53/32 10.96.0.20/32 \n');
    expect(viewOn(r.network, 'node1', 'ip route show table local').stdout).toContain('local 10.96.0.10 dev kube-ipvs0 proto kernel scope host src 10.96.0.10 \n');
  });

  it('ClusterIP from a pod: the endpoint sees the pod (no masquerade inside the cluster CIDR); the bridged reply gets the VIP back at FORWARD (br_netfilter, ip_vs_out)', () => {
    const r = flow(0);
    // rr: the real server added last is first in the service's list.
    expect(first(r, 'node1/web-b:eth0', 'S')).toMatch(/^IP 10\.244\.0\.2\.\d+ > 10\.244\.0\.4\.80: /);
    expect(first(r, 'node1/client:eth0', 'S.')).toMatch(/^IP 10\.96\.0\.10\.80 > 10\.244\.0\.2\.\d+: /);
  });

  it("ClusterIP from the node: KUBE-MARK-MASQ, IPVS at LOCAL_OUT, and MASQUERADE of the IPVS-NATed packet (vs.conntrack=1: ip_vs_update_conntrack gave the entry the real server's reply)", () => {
    const r = flow(1);
    expect(first(r, 'node1/web-b:eth0', 'S')).toMatch(/^IP 10\.244\.0\.1\.\d+ > 10\.244\.0\.4\.80: /);
    // The original direction keeps the VIP; the reply is the real server's, to the masqueraded source.
    expect(viewOn(r.network, 'node1', 'conntrack -L').stdout).toMatch(/^tcp +6 \d+ TIME_WAIT src=10\.96\.0\.10 dst=10\.96\.0\.10 sport=\d+ dport=80 src=10\.244\.0\.4 dst=10\.244\.0\.1 sport=80 dport=\d+ \[ASSURED\]/);
    expect(viewOn(r.network, 'node1', 'ipvsadm -L -n -c').stdout).toMatch(/TCP 01:59  TIME_WAIT   10\.96\.0\.10:\d+ +10\.96\.0\.10:80 +10\.244\.0\.4:80\n/);
  });

  it('ClusterIP from off the cluster and a NodePort from outside: marked, masqueraded to cni0, un-masqueraded and un-NATed on the way back', () => {
    const cluster = flow(2);
    expect(first(cluster, 'node1/web-b:eth0', 'S')).toMatch(/^IP 10\.244\.0\.1\.\d+ > 10\.244\.0\.4\.80: /);
    expect(first(cluster, 'lan:eth0', 'S.')).toMatch(/^IP 10\.96\.0\.10\.80 > 192\.168\.0\.20\.\d+: /);
    const nodePort = flow(3);
    expect(first(nodePort, 'node1/web-b:eth0', 'S')).toMatch(/^IP 10\.244\.0\.1\.\d+ > 10\.244\.0\.4\.80: /);
    expect(first(nodePort, 'lan:eth0', 'S.')).toMatch(/^IP 192\.168\.0\.2\.30080 > 192\.168\.0\.20\.\d+: /);
  });

  it('hairpin: KUBE-LOOP-BACK (dst,dst,src) masquerades a pod sent to itself; with vs.conntrack=0 IPVS packets are untracked (ip_vs_notrack), nothing masquerades and the pod answers itself, so its connection fails', () => {
    const r = flow(4);
    expect(ip(r, 'node1/web-b:eth0').slice(0, 4).map((l) => l.replace(/\.\d{5}\b/g, '.P').split(', seq')[0])).toEqual([
      'IP 10.244.0.4.P > 10.96.0.10.80: Flags [S]',
      'IP 10.244.0.1.P > 10.244.0.4.80: Flags [S]',
      'IP 10.244.0.4.80 > 10.244.0.1.P: Flags [S.]',
      'IP 10.96.0.10.80 > 10.244.0.4.P: Flags [S.]',
    ]);
    const untracked = scenario((c) => c.filter((l) => l !== 'sysctl -w net.ipv4.vs.conntrack=1'));
    const broken = runFlow(untracked, 4);
    expect(broken.exit).toBe(1);
    expect(first(broken, 'node1/web-b:eth0', 'S')).toMatch(/^IP 10\.244\.0\.4\.\d+ > 10\.96\.0\.10\.80: /);
    expect(ip(broken, 'node1/web-b:eth0').filter((l) => l.startsWith('IP 10.244.0.1'))).toEqual([]);
  });

  it('a Service with no endpoints: ip_vs_leave answers the SYN with ICMP port unreachable from the VIP', () => {
    expect(ip(flow(5), 'node1/client:eth0')).toEqual([expect.stringMatching(/^IP 10\.244\.0\.2\.\d+ > 10\.96\.0\.20\.8080: Flags \[S\]/), 'IP 10.96.0.20 > 10.244.0.2: ICMP 10.96.0.20 tcp port 8080 unreachable, length 68']);
  });

  it("a LoadBalancer's source ranges: KUBE-SOURCE-RANGES-FIREWALL returns what KUBE-LOAD-BALANCER-SOURCE-CIDR lists (hash:ip,port,net, dst,dst,src) and drops the rest before IPVS sees it", () => {
    const inside = flow(6);
    expect(first(inside, 'node1/web-b:eth0', 'S')).toMatch(/^IP 10\.244\.0\.1\.\d+ > 10\.244\.0\.4\.80: /);
    expect(first(inside, 'lan:eth0', 'S.')).toMatch(/^IP 203\.0\.113\.50\.80 > 192\.168\.0\.20\.\d+: /);
    const outside = runCommand(base, 'lan', 'nc -s 198.51.100.7 -z -w 2 203.0.113.50 80');
    expect(outside.exit).toBe(1);
    expect(ip(outside, 'lan:eth0').map((l) => l.split(', seq')[0])).toEqual([expect.stringMatching(/^IP 198\.51\.100\.7\.\d+ > 203\.0\.113\.50\.80: Flags \[S\]$/), expect.stringMatching(/^IP 198\.51\.100\.7\.\d+ > 203\.0\.113\.50\.80: Flags \[S\]$/)]);
    expect(modelledFeatures(outside.events)).toEqual([]);
    expect(viewOn(outside.network, 'node1', 'iptables -L KUBE-SOURCE-RANGES-FIREWALL -v -n').stdout).toMatch(/\n +2 +120 DROP /);
  });

  it("a LoadBalancer whose source ranges leave the node out: a client in the range passes, the node's own connection is dropped by KUBE-IPVS-OUT-FILTER's -m ipvs rule after IPVS NATs it", () => {
    const client = flow(7);
    expect(first(client, 'node1/web-b:eth0', 'S')).toMatch(/^IP 10\.244\.0\.1\.\d+ > 10\.244\.0\.4\.80: /);
    expect(first(client, 'lan:eth0', 'S.')).toMatch(/^IP 203\.0\.113\.60\.80 > 198\.51\.100\.7\.\d+: /);
    const node = flow(8);
    expect(ip(node, 'node1/web-b:eth0')).toEqual([]);
    // The SYN and its retransmission, each NATed by IPVS and dropped in filter OUTPUT.
    expect(viewOn(node.network, 'node1', 'iptables -L KUBE-IPVS-OUT-FILTER -v -n').stdout).toMatch(/\n +2 +120 DROP +0 +-- +\* +\* +203\.0\.113\.60 +0\.0\.0\.0\/0 +vproto 6 vaddr 203\.0\.113\.60 vport 80\n/);
  });

  it('DNS over UDP to a ClusterIP: IPVS schedules the datagram (udp_conn_schedule), coredns sees the pod, the answer comes back from the VIP; conntrack keeps the real server as the reply (vs.conntrack=1)', () => {
    const r = flow(9);
    expect(r.stdout).toBe('10.96.0.10\n');
    expect(ip(r, 'node1/coredns:eth0')[0]).toMatch(/^IP 10\.244\.0\.2\.\d+ > 10\.244\.0\.5\.53: \d+\+ \[1au\] A\? web\.default\.svc\.cluster\.local\. /);
    expect(ip(r, 'node1/client:eth0')[1]).toMatch(/^IP 10\.96\.0\.53\.53 > 10\.244\.0\.2\.\d+: \d+\*? 1\/0\/\d A 10\.96\.0\.10 /);
    expect(viewOn(r.network, 'node1', 'conntrack -L').stdout).toMatch(/^udp +17 \d+ src=10\.244\.0\.2 dst=10\.96\.0\.53 sport=\d+ dport=53 src=10\.244\.0\.5 dst=10\.244\.0\.2 sport=53 dport=\d+ mark=0 use=1\n/);
    expect(viewOn(r.network, 'node1', 'ipvsadm -L -n -c').stdout).toMatch(/\nUDP 04:5\d  UDP         10\.244\.0\.2:\d+ +10\.96\.0\.53:53 +10\.244\.0\.5:53\n/);
  });

  it('KUBE-IPVS-FILTER rejects a new connection to a VIP port no Service has (kubernetes#72236), before IPVS sees it', () => {
    const r = runCommand(base, 'lan', 'nc -z -w 1 10.96.0.10 22');
    expect(r.exit).toBe(1);
    expect(ip(r, 'lan:eth0')[1]).toBe('IP 10.96.0.10 > 192.168.0.20: ICMP 10.96.0.10 tcp port 22 unreachable, length 68');
    expect(modelledFeatures(r.events)).toEqual([]);
  });
});
