import { describe, expect, it } from 'vitest';
import { configError } from '../../command/testing';
import { viewOn } from '../../export/print/fixture';
import type { FlowResult } from '../../sim/run';
import { routed, run } from '../../sim/testing';
import type { Ipv4Packet } from '../../wire/types';
import { refusals } from './targets.testing';
import { CHECKSUM } from './libxt_CHECKSUM';
import type { XtContext } from '../../kernel/netfilter/x_tables';
import { encodeIpv4 } from '../../wire/ipv4';

/*
 * The mangle targets that rewrite the IPv4 header (xt_HL's TTL, xt_DSCP's DSCP and TOS),
 * CLASSIFY and CHECKSUM: what the next link carries, and what iptables-nft 1.8.9 accepts and prints.
 */

function ipPackets(r: FlowResult, port: string): Ipv4Packet[] {
  return (r.captures.get(port) ?? []).flatMap((f) => (f.frame.payload.kind === 'ipv4' ? [f.frame.payload] : []));
}
const echoes = (r: FlowResult, port: string, type: number) => ipPackets(r, port).filter((p) => p.payload.kind === 'icmp' && p.payload.type === type);
const BANNER = 'iptables v1.8.9 (nf_tables): ';
const TRY = "Try `iptables -h' or 'iptables --help' for more information.";
const refusedIn = (chain: string) => `${BANNER} RULE_APPEND failed (Invalid argument): rule in chain ${chain}`;

describe('TTL (ttl_tg)', () => {
  it('--ttl-set, --ttl-inc and --ttl-dec rewrite the TTL the next link carries; inc stops at 255, dec at 0', () => {
    const r = run(routed(['iptables -t mangle -A FORWARD -p icmp --icmp-type echo-request -j TTL --ttl-set 9', 'iptables -t mangle -A FORWARD -p icmp --icmp-type echo-reply -j TTL --ttl-inc 250']), 'client', 'ping -c 1 -W 1 10.0.2.2');
    expect(r.exit).toBe(0);
    expect(echoes(r, 'router:eth1', 8).map((p) => p.ttl)).toEqual([9]);
    expect(echoes(r, 'router:eth0', 0).map((p) => p.ttl)).toEqual([255]);
    const dec = run(routed(['iptables -t mangle -A POSTROUTING -p icmp -j TTL --ttl-dec 100']), 'client', 'ping -c 1 -W 1 10.0.2.2');
    expect(echoes(dec, 'router:eth1', 8).map((p) => p.ttl)).toEqual([0]);
  });

  it('has iptables\' messages and is mangle only (xt_HL .table = "mangle")', () => {
    expect(configError('iptables -t mangle -A FORWARD -j TTL').message).toBe(`${BANNER}TTL: You must specify an action\n${TRY}`);
    expect(configError('iptables -t mangle -A FORWARD -j TTL --ttl-dec 0').message).toBe(`${BANNER}TTL: bad value for option "--ttl-dec", or out of range (1-255).\n\n${TRY}`);
    expect(configError('iptables -t mangle -A FORWARD -j TTL --ttl-set 300').message).toBe(`${BANNER}TTL: bad value for option "--ttl-set", or out of range (0-255).\n\n${TRY}`);
    expect(configError('iptables -t mangle -A FORWARD -j TTL --ttl-set 3 --ttl-dec 1').message).toBe(`${BANNER}TTL: option "--ttl-set" cannot be used together with "--ttl-dec".\n\n${TRY}`);
    expect(refusals(['iptables -A FORWARD -j TTL --ttl-set 3'])).toEqual([refusedIn('FORWARD')]);
  });
});

describe('DSCP and TOS (dscp_tg, tos_tg)', () => {
  it('DSCP sets the six high bits of the TOS byte and keeps ECN; TOS applies (tos & ~mask) ^ value', () => {
    const r = run(
      routed(['iptables -t mangle -A FORWARD -p icmp --icmp-type echo-request -j DSCP --set-dscp-class ef', 'iptables -t mangle -A POSTROUTING -p icmp --icmp-type echo-reply -j TOS --set-tos Minimize-Delay']),
      'client',
      'ping -c 1 -W 1 10.0.2.2',
    );
    expect(echoes(r, 'router:eth1', 8).map((p) => p.tos)).toEqual([0xb8]);
    // Linux answers an echo with the request's TOS (0xb8); Minimize-Delay masks 0x3f: 0x80 | 0x10.
    expect(echoes(r, 'router:eth1', 0).map((p) => p.tos)).toEqual([0xb8]);
    expect(echoes(r, 'router:eth0', 0).map((p) => p.tos)).toEqual([0x90]);
    const ops = run(routed(['iptables -t mangle -A FORWARD -p icmp -j TOS --or-tos 0x0c', 'iptables -t mangle -A FORWARD -p icmp -j TOS --xor-tos 0x05', 'iptables -t mangle -A FORWARD -p icmp -j TOS --and-tos 0xfe']), 'client', 'ping -c 1 -W 1 10.0.2.2');
    expect(echoes(ops, 'router:eth1', 8).map((p) => p.tos)).toEqual([0x08]);
  });

  it('prints as iptables-nft 1.8.9: -S in the kernel\'s value/mask form, -L by the operation', () => {
    const rules = [
      '--set-dscp 10', '--set-dscp-class AF41',
    ].map((o) => `iptables -t mangle -A FORWARD -j DSCP ${o}`).concat(
      ['--set-tos 0x10', '--set-tos Minimize-Delay', '--set-tos 0x10/0x3f', '--and-tos 0x0f', '--or-tos 0x08', '--xor-tos 0x04', '--set-tos Normal-Service', '--set-tos 0'].map((o) => `iptables -t mangle -A FORWARD -j TOS ${o}`),
    );
    const net = run(routed(rules), 'client', 'true').network;
    expect(viewOn(net, 'router', 'iptables -t mangle -S FORWARD').stdout).toBe(
      [
        '-P FORWARD ACCEPT',
        '-A FORWARD -j DSCP --set-dscp 0x0a',
        '-A FORWARD -j DSCP --set-dscp 0x22',
        '-A FORWARD -j TOS --set-tos 0x10/0xff',
        '-A FORWARD -j TOS --set-tos 0x10/0x3f',
        '-A FORWARD -j TOS --set-tos 0x10/0x3f',
        '-A FORWARD -j TOS --set-tos 0x00/0xf0',
        '-A FORWARD -j TOS --set-tos 0x08/0x08',
        '-A FORWARD -j TOS --set-tos 0x04/0x00',
        '-A FORWARD -j TOS --set-tos 0x00/0x3f',
        '-A FORWARD -j TOS --set-tos 0x00/0xff',
        '',
      ].join('\n'),
    );
    const l = (extra: string) => `${'DSCP'.padEnd(10)} all  --  anywhere             anywhere             ${extra}`;
    const t = (extra: string) => `TOS        all  --  anywhere             anywhere            ${extra}`;
    expect(viewOn(net, 'router', 'iptables -t mangle -L FORWARD').stdout.split('\n').slice(2, -1)).toEqual([
      l('DSCP set 0x0a'),
      l('DSCP set 0x22'),
      t(' TOS set 0x10/0xff'),
      // libxt_TOS prints the symbolic form with an extra space before and none after "set".
      t('  TOS setMinimize-Delay'),
      t('  TOS setMinimize-Delay'),
      t(' TOS and 0x0f'),
      t(' TOS or 0x08'),
      t(' TOS xor 0x04'),
      t('  TOS setNormal-Service'),
      t(' TOS and 0x00'),
    ]);
    expect(viewOn(net, 'router', 'iptables -t mangle -L FORWARD -n').stdout).toContain('TOS        0    --  0.0.0.0/0            0.0.0.0/0            TOS set 0x00/0xf0\n');
  });

  it('has iptables\' messages and is mangle only', () => {
    expect(configError('iptables -t mangle -A FORWARD -j DSCP').message).toBe(`${BANNER}DSCP target: Parameter --set-dscp is required\n${TRY}`);
    expect(configError('iptables -t mangle -A FORWARD -j DSCP --set-dscp 64').message).toBe(`${BANNER}DSCP: bad value for option "--set-dscp", or out of range (0-63).\n\n${TRY}`);
    expect(configError('iptables -t mangle -A FORWARD -j DSCP --set-dscp-class xx').message).toBe(`${BANNER}Invalid DSCP value \`xx'\n${TRY}`);
    expect(configError('iptables -t mangle -A FORWARD -j DSCP --set-dscp 1 --set-dscp-class EF').message).toBe(`${BANNER}DSCP: option "--set-dscp" cannot be used together with "--set-dscp-class".\n\n${TRY}`);
    expect(configError('iptables -t mangle -A FORWARD -j TOS').message).toBe(`${BANNER}TOS: An action is required\n${TRY}`);
    expect(configError('iptables -t mangle -A FORWARD -j TOS --set-tos 0x100').message).toBe(`${BANNER}Symbolic name "0x100" is unknown\n${TRY}`);
    expect(configError('iptables -t mangle -A FORWARD -j TOS --set-tos 0x10/0x1ff').message).toBe(`${BANNER}Illegal value: "0x10/0x1ff"\n${TRY}`);
    expect(configError('iptables -t mangle -A FORWARD -j TOS --and-tos 0x100').message).toBe(`${BANNER}TOS: bad value for option "--and-tos", or out of range (0-255).\n\n${TRY}`);
    expect(refusals(['iptables -A FORWARD -j DSCP --set-dscp 1', 'iptables -A FORWARD -j TOS --set-tos 0x10'])).toEqual([refusedIn('FORWARD'), refusedIn('FORWARD')]);
  });
});

describe('CLASSIFY (xt_CLASSIFY)', () => {
  it('takes MAJOR:MINOR in hex, each half 16 bits, in OUTPUT, FORWARD and POSTROUTING of any table', () => {
    const net = run(routed(['iptables -t mangle -A POSTROUTING -o eth0 -j CLASSIFY --set-class 1:10', 'iptables -A OUTPUT -j CLASSIFY --set-class 10000:abcdef']), 'client', 'true').network;
    expect(viewOn(net, 'router', 'iptables-save').stdout).toContain('-A POSTROUTING -o eth0 -j CLASSIFY --set-class 0001:0010\n');
    expect(viewOn(net, 'router', 'iptables -S OUTPUT').stdout).toBe('-P OUTPUT ACCEPT\n-A OUTPUT -j CLASSIFY --set-class 0000:cdef\n');
    expect(viewOn(net, 'router', 'iptables -t mangle -L POSTROUTING -n -v').stdout).toContain('CLASSIFY   0    --  *      eth0    0.0.0.0/0            0.0.0.0/0            CLASSIFY set 1:10\n');
    expect(configError('iptables -t mangle -A POSTROUTING -j CLASSIFY --set-class 1').message).toBe(`${BANNER}Bad class value "1"\n${TRY}`);
    expect(configError('iptables -t mangle -A POSTROUTING -j CLASSIFY').message).toBe(`${BANNER}CLASSIFY: option "--set-class" must be specified\n\n${TRY}`);
    expect(refusals(['iptables -t mangle -A INPUT -j CLASSIFY --set-class 1:10'])).toEqual([refusedIn('INPUT')]);
    // Its hooks are checked where a base chain reaches it (nft_chain_validate): the jump from INPUT is refused.
    expect(refusals(['iptables -t mangle -N Z', 'iptables -t mangle -A Z -j CLASSIFY --set-class 1:1', 'iptables -t mangle -A INPUT -j Z'])).toEqual([refusedIn('INPUT')]);
  });
});

describe('CHECKSUM --checksum-fill (checksum_tg)', () => {
  it('completes a checksum the sender left to the device (CHECKSUM_PARTIAL), so the veth carries a correct one', () => {
    const seg = { kind: 'tcp', sport: 80, dport: 40000, seq: 1, ack: 2, flags: 0x12, window: 100, options: [], data: new Uint8Array(), partialChecksum: true } as const;
    const pkt: Ipv4Packet = { kind: 'ipv4', tos: 0, id: 1, df: true, ttl: 64, src: 1, dst: 2, payload: seg };
    const skb = { pkt };
    const traced: string[] = [];
    const context = { skb, stack: { trace: (e: { reason: { code: string } }) => traced.push(e.reason.code) } } as unknown as XtContext;
    expect(CHECKSUM.target({ name: 'CHECKSUM' }).run(context)).toBe('CONTINUE');
    expect(skb.pkt.payload).toEqual({ kind: 'tcp', sport: 80, dport: 40000, seq: 1, ack: 2, flags: 0x12, window: 100, options: [], data: new Uint8Array() });
    expect(encodeIpv4(skb.pkt)).not.toEqual(encodeIpv4(pkt));
    expect(traced).toEqual(['nf_checksum_fill']);
  });

  it('prints and refuses as iptables-nft 1.8.9', () => {
    const net = run(routed(['iptables -t mangle -A POSTROUTING -p udp --dport 68 -j CHECKSUM --checksum-fill']), 'client', 'true').network;
    expect(viewOn(net, 'router', 'iptables -t mangle -S POSTROUTING').stdout).toBe('-P POSTROUTING ACCEPT\n-A POSTROUTING -p udp -m udp --dport 68 -j CHECKSUM --checksum-fill\n');
    expect(viewOn(net, 'router', 'iptables -t mangle -L POSTROUTING').stdout).toContain('CHECKSUM   udp  --  anywhere             anywhere             udp dpt:bootpc CHECKSUM fill\n');
    expect(configError('iptables -t mangle -A POSTROUTING -j CHECKSUM').message).toBe(`${BANNER}CHECKSUM: option "--checksum-fill" must be specified\n\n${TRY}`);
    expect(configError('iptables -t mangle -A POSTROUTING -j CHECKSUM --checksum-fill --checksum-fill').message).toBe(`${BANNER}CHECKSUM: option "--checksum-fill" can only be used once.\n\n${TRY}`);
    expect(refusals(['iptables -A OUTPUT -j CHECKSUM --checksum-fill'])).toEqual([refusedIn('OUTPUT')]);
  });
});

describe('CHECKSUM checkentry (checksum_tg_check)', () => {
  it('warns once per boot in the kernel log when the rule is not limited to -p udp', () => {
    const warning = 'xt_CHECKSUM: CHECKSUM should be avoided.  If really needed, restrict with "-p udp" and only use in OUTPUT';
    const udpOnly = run(routed(['iptables -t mangle -A POSTROUTING -p udp --dport 68 -j CHECKSUM --checksum-fill']), 'client', 'true');
    expect(viewOn(udpOnly.network, 'router', 'dmesg -t').stdout).toBe('');
    const any = run(routed(['iptables -t mangle -A POSTROUTING -j CHECKSUM --checksum-fill', 'iptables -t mangle -A OUTPUT -p tcp -j CHECKSUM --checksum-fill']), 'client', 'true');
    expect(viewOn(any.network, 'router', 'dmesg -t').stdout).toBe(`${warning}\n`);
  });
});
