import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maskChance } from '../conformance/normalise';
import { parseScenario } from '../scenario';
import { runFlow } from '../sim/run';
import { routed, run } from '../sim/testing';
import { parseIp4 } from '../addr/ipv4';
import { TCP_SYN } from '../wire/types';
import { formatTraceRecord } from './monitor';
import { roleOf } from '../command/registry';
import { flowCommand } from '../command/testing';

/*
 * nft monitor trace (nf_tables_trace.c, nft's trace.c): a packet marked `meta nftrace set 1`
 * is reported rule by rule in every base chain it enters, iptables-nft's included; each base
 * chain's first report carries the packet's headers. Compared with the kernel's recording
 * (kernel-nft-iptables flow 4), its draws (trace id, ip id, icmp id, ping's timestamp) masked.
 */

function recordedFlow(name: string, flow: number): { sim: { stdout: string; exit: number }; kernel: { stdout: string; exit: number } } {
  const parsed = parseScenario(readFileSync(`fixtures/scenarios/${name}.json`, 'utf8'));
  if (!parsed.ok) throw new Error('scenario does not parse');
  const kernel = JSON.parse(readFileSync(`fixtures/kernel/${name}/flow${flow}/result.json`, 'utf8')) as { stdout: string; exit: number };
  return { sim: runFlow(parsed.scenario, flow), kernel };
}

const TRACE_CHAIN = ["nft -f - <<'EOF'", 'table inet t {', '\tchain pre {', '\t\ttype filter hook prerouting priority raw; policy accept;', '\t\tip protocol icmp meta nftrace set 1', '\t}', '\tchain inp {', '\t\ttype filter hook input priority filter; policy drop;', '\t\tjump checks', '\t}', '\tchain checks {', '\t\ticmp type echo-reply accept', '\t}', '}', 'EOF'];

describe('nft monitor trace', () => {
  it('prints what the kernel printed for an echo reply through nft chain and iptables-nft INPUT (kernel-nft-iptables flow 4)', () => {
    const { sim, kernel } = recordedFlow('kernel-nft-iptables', 4);
    expect(sim.exit).toBe(kernel.exit);
    expect(maskChance(sim.stdout)).toBe(maskChance(kernel.stdout));
    // One trace id for every report of the one packet.
    expect(new Set(sim.stdout.trim().split('\n').map((l) => l.split(' ')[2])).size).toBe(1);
  });

  it('follows the echo reply jump into a user chain and names the chain each rule sits in; policy lines only for base chains', () => {
    const r = run(routed(TRACE_CHAIN), 'router', 'timeout 1 nft monitor trace & sleep 0.2; ping -c 1 -W 1 10.0.2.2 > /dev/null; wait');
    const lines = maskChance(r.stdout).split('\n').filter((l) => l.includes(' inp ') || l.includes(' checks '));
    expect(lines[0]).toMatch(/^trace id X inet t inp packet: iif "eth1" ether saddr /);
    expect(lines.slice(1)).toEqual(['trace id X inet t inp rule jump checks (verdict jump checks)', 'trace id X inet t checks rule icmp type echo-reply accept (verdict accept)']);
  });

  // Seen on this kernel with nft 1.0.6 (a veth pair in two namespaces, the ids its draws): a UDP
  // datagram's length and payload bytes; a SYN's flags and window, without sequence numbers.
  it('prints UDP and TCP headers as nft does', () => {
    const mac = { src: 'a6:29:f1:84:44:57', dst: 'b2:14:2c:6a:58:8d' };
    const base = { id: 0x13396aa2, family: 'inet' as const, table: 't', chain: 'pre', type: 'rule' as const, mark: 0 };
    const ip = { kind: 'ipv4' as const, tos: 0, df: true, ttl: 64, src: parseIp4('10.9.0.1')!, dst: parseIp4('10.9.0.2')! };
    const udp = { ...ip, id: 20010, payload: { kind: 'udp' as const, sport: 47024, dport: 7, data: new TextEncoder().encode('hi\n') } };
    expect(formatTraceRecord({ ...base, packet: { iif: 'hpxnmb', mac, pkt: udp } })).toBe(
      'trace id 13396aa2 inet t pre packet: iif "hpxnmb" ether saddr a6:29:f1:84:44:57 ether daddr b2:14:2c:6a:58:8d ip saddr 10.9.0.1 ip daddr 10.9.0.2 ip dscp cs0 ip ecn not-ect ip ttl 64 ip id 20010 ip protocol udp ip length 31 udp sport 47024 udp dport 7 udp length 11 @th,64,24 0x68690a \n',
    );
    const syn = { ...ip, id: 31811, payload: { kind: 'tcp' as const, sport: 42220, dport: 5555, seq: 1234, ack: 0, flags: TCP_SYN, window: 64240, options: [{ kind: 'mss' as const, value: 1460 }, { kind: 'sackOK' as const }, { kind: 'timestamp' as const, value: 1, echo: 0 }, { kind: 'nop' as const }, { kind: 'wscale' as const, shift: 7 }], data: new Uint8Array() } };
    expect(formatTraceRecord({ ...base, id: 0x3400c9cb, packet: { iif: 'hpxnmb', mac, pkt: syn } })).toBe(
      'trace id 3400c9cb inet t pre packet: iif "hpxnmb" ether saddr a6:29:f1:84:44:57 ether daddr b2:14:2c:6a:58:8d ip saddr 10.9.0.1 ip daddr 10.9.0.2 ip dscp cs0 ip ecn not-ect ip ttl 64 ip id 31811 ip protocol tcp ip length 60 tcp sport 42220 tcp dport 5555 tcp flags == syn tcp window 64240 \n',
    );
  });

  it('a return from a user chain prints its rule; the chain end it returns from prints nothing', () => {
    const conf = TRACE_CHAIN.map((l) => (l === '\t\ticmp type echo-reply accept' ? '\t\ticmp type echo-reply return' : l.replace('policy drop', 'policy accept')));
    const r = run(routed(conf), 'router', 'timeout 1 nft monitor trace & sleep 0.2; ping -c 1 -W 1 10.0.2.2 > /dev/null; wait');
    const lines = maskChance(r.stdout).split('\n').filter((l) => l.includes(' inp ') || l.includes(' checks '));
    expect(lines.slice(1)).toEqual(['trace id X inet t inp rule jump checks (verdict jump checks)', 'trace id X inet t checks rule icmp type echo-reply return (verdict return)', 'trace id X inet t inp policy accept ']);
  });

  it('nft monitor trace only reads (allowed wherever nft list is); other monitors are refused by name', () => {
    expect(roleOf(flowCommand('nft monitor trace'))).toBe('read');
    const r = run(routed(), 'router', 'nft monitor rules');
    expect([r.exit, r.stderr]).toEqual([2, "hairpin: of nft's monitors only 'nft monitor trace' is simulated\n"]);
  });

  it('prints nothing for packets not marked, and timeout ends it with status 124', () => {
    const r = run(routed(), 'router', 'timeout 1 nft monitor trace');
    expect(r.stdout).toBe('');
    expect(r.exit).toBe(124);
  });

  it('puts each report in the playground trace too (reason nft_trace)', () => {
    const r = run(routed(TRACE_CHAIN), 'router', 'ping -c 1 -W 1 10.0.2.2');
    const reports = r.events.filter((e) => e.reason?.code === 'nft_trace').map((e) => e.reason as { chain: string; verdict?: string; policy?: string });
    expect(reports.map((x) => `${x.chain} ${x.verdict ?? `policy ${x.policy}`}`).slice(0, 4)).toEqual(['pre continue', 'pre policy accept', 'inp jump checks', 'checks accept']);
  });
});
