import { describe, expect, it } from 'vitest';
import { configError } from '../../command/testing';
import { viewOn } from '../../export/print/fixture';
import { routed, run } from '../../sim/testing';

/* libxt_LOG: what iptables-nft 1.8.9 accepts, and how -S and -L print it (LOG_save, LOG_print). */

const RULES = [
  'iptables -A INPUT -j LOG',
  'iptables -A INPUT -j LOG --log-prefix "in: " --log-level info',
  'iptables -A INPUT -j LOG --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode',
  'iptables -A INPUT -j LOG --log-level 7 --log-uid',
  'iptables -A INPUT -j LOG --log-level error',
  'iptables -A INPUT -j LOG --log-prefix "0123456789012345678901234567890123456789"',
  `iptables -A INPUT -j LOG --log-prefix 'a"b'`,
];

describe('LOG', () => {
  const net = run(routed(RULES), 'client', 'true').network;

  it('-S: prefix, level unless 4, then each flag; a prefix is cut to 29 characters', () => {
    expect(viewOn(net, 'router', 'iptables -S INPUT').stdout).toBe(
      [
        '-P INPUT ACCEPT',
        '-A INPUT -j LOG',
        '-A INPUT -j LOG --log-prefix "in: " --log-level 6',
        '-A INPUT -j LOG --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode',
        '-A INPUT -j LOG --log-level 7 --log-uid',
        '-A INPUT -j LOG --log-level 3',
        '-A INPUT -j LOG --log-prefix 01234567890123456789012345678',
        '-A INPUT -j LOG --log-prefix "a\\"b"',
        '',
      ].join('\n'),
    );
  });

  it('-L names the level and the flags; -L -n gives the flag bits and the level number', () => {
    const col = (extra: string) => `LOG        all  --  anywhere             anywhere             ${extra}`;
    expect(viewOn(net, 'router', 'iptables -L INPUT').stdout.split('\n').slice(2, -1)).toEqual([
      col('LOG level warn'),
      col('LOG level info prefix "in: "'),
      col('LOG level warn tcp-sequence tcp-options ip-options uid macdecode'),
      col('LOG level debug uid'),
      col('LOG level err'),
      col('LOG level warn prefix "01234567890123456789012345678"'),
      col('LOG level warn prefix "a"b"'),
    ]);
    expect(viewOn(net, 'router', 'iptables -L INPUT -n').stdout).toContain('LOG        0    --  0.0.0.0/0            0.0.0.0/0            LOG flags 47 level 4\n');
  });

  it('takes the level names libxt_LOG knows, as written', () => {
    const err = (level: string) => `iptables v1.8.9 (nf_tables): log level "${level}" unknown\n\nTry \`iptables -h' or 'iptables --help' for more information.`;
    for (const level of ['warn', 'err', 'ERROR', '8']) expect(configError(`iptables -A INPUT -j LOG --log-level ${level}`).message).toBe(err(level));
  });
});
