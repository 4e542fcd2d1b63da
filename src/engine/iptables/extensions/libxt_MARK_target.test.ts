import { describe, expect, it } from 'vitest';
import { viewOn } from '../../export/print/fixture';
import { routed, run } from '../../sim/testing';

/*
 * MARK and CONNMARK as real rulesets write them (--set-mark, --and/--or/--xor-mark,
 * --save-mark/--restore-mark with masks), RETURN, and a rule without target: iptables-nft
 * 1.8.9's -S and -L text, and the mark the kernel leaves on the packet (xt_MARK: mark =
 * (mark & ~mask) ^ value), as the LOG line's MARK= shows it.
 */

const RULES = [
  'iptables -t mangle -A OUTPUT -j MARK --set-mark 5',
  'iptables -t mangle -A OUTPUT -j MARK --and-mark 5',
  'iptables -t mangle -A OUTPUT -j MARK --xor-mark 5',
  'iptables -t mangle -A OUTPUT -j MARK --set-mark 5/0xff',
  'iptables -t mangle -A OUTPUT -j MARK --or-mark 0x4',
  'iptables -t mangle -A OUTPUT -j CONNMARK --save-mark --nfmask 0xff --ctmask 0xf0',
  'iptables -t mangle -A OUTPUT -j CONNMARK --restore-mark --mask 0xff',
  'iptables -t mangle -A OUTPUT -j CONNMARK --restore-mark',
  'iptables -t mangle -A OUTPUT -j CONNMARK --set-mark 1',
  'iptables -t mangle -A OUTPUT -j CONNMARK --or-mark 1',
  'iptables -t mangle -A OUTPUT -j RETURN',
  'iptables -t mangle -A OUTPUT -p udp',
];

describe('MARK, CONNMARK, RETURN and rules without target', () => {
  const net = run(routed(RULES), 'client', 'true').network;

  it('-S prints every MARK and CONNMARK operation in the kernel\'s value/mask form', () => {
    expect(viewOn(net, 'router', 'iptables -t mangle -S OUTPUT').stdout).toBe(
      [
        '-P OUTPUT ACCEPT',
        '-A OUTPUT -j MARK --set-xmark 0x5/0xffffffff',
        '-A OUTPUT -j MARK --set-xmark 0x0/0xfffffffa',
        '-A OUTPUT -j MARK --set-xmark 0x5/0x0',
        '-A OUTPUT -j MARK --set-xmark 0x5/0xff',
        '-A OUTPUT -j MARK --set-xmark 0x4/0x4',
        '-A OUTPUT -j CONNMARK --save-mark --nfmask 0xff --ctmask 0xf0',
        '-A OUTPUT -j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xff',
        '-A OUTPUT -j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff',
        '-A OUTPUT -j CONNMARK --set-xmark 0x1/0xffffffff',
        '-A OUTPUT -j CONNMARK --set-xmark 0x1/0x1',
        '-A OUTPUT -j RETURN',
        '-A OUTPUT -p udp',
        '',
      ].join('\n'),
    );
  });

  it('-L names the operation; a rule without target has an empty target column', () => {
    const col = (target: string, extra: string, prot = 'all') => `${target.padEnd(10)} ${prot}  --  anywhere             anywhere            ${extra}`;
    expect(viewOn(net, 'router', 'iptables -t mangle -L OUTPUT').stdout.split('\n').slice(2, -1)).toEqual([
      col('MARK', ' MARK set 0x5'),
      col('MARK', ' MARK and 0x5'),
      col('MARK', ' MARK xor 0x5'),
      col('MARK', ' MARK xset 0x5/0xff'),
      col('MARK', ' MARK or 0x4'),
      col('CONNMARK', ' CONNMARK save nfmask 0xff ctmask ~0xf0'),
      col('CONNMARK', ' CONNMARK restore mask 0xff'),
      col('CONNMARK', ' CONNMARK restore'),
      col('CONNMARK', ' CONNMARK set 0x1'),
      col('CONNMARK', ' CONNMARK or 0x1'),
      col('RETURN', ''),
      col('', '', 'udp'),
    ]);
  });

  it('the packet leaves with (mark & ~mask) ^ value of each MARK in turn; RETURN ends the chain', () => {
    const rules = [
      'iptables -t mangle -A OUTPUT -p icmp -j MARK --set-mark 0xf0',
      'iptables -t mangle -A OUTPUT -p icmp -j MARK --or-mark 0x3',
      'iptables -t mangle -A OUTPUT -p icmp -j MARK --and-mark 0x3c',
      'iptables -t mangle -A OUTPUT -p icmp -j MARK --xor-mark 0x1',
      'iptables -t mangle -A OUTPUT -p icmp -j RETURN',
      'iptables -t mangle -A OUTPUT -p icmp -j MARK --set-mark 0x99',
      'iptables -A OUTPUT -p icmp -j LOG',
    ];
    const r = run(routed([], [], rules), 'client', 'ping -c 1 -W 1 10.0.2.2');
    // 0xf0 | 0x3 = 0xf3; & 0x3c = 0x30; ^ 0x1 = 0x31.
    expect(viewOn(r.network, 'client', 'dmesg -t').stdout).toMatch(/ SEQ=1 MARK=0x31 \n$/);
  });
});
