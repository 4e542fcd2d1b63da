import { describe, expect, it } from 'vitest';
import { lines } from '../../export/print/fixture';
import { parseError, printed, through } from './testing';

describe('libxt_length / xt_length', () => {
  it('prints as iptables -S and -L do: open ends filled in, `!` before the value in -L', () => {
    const rules = ['-p tcp -m length --length 1000:1500 -j DROP', '-m length ! --length 100', '-m length --length :100', '-m length --length 100:'].map((r) => `iptables -A INPUT ${r}`);
    const [s, l] = printed(rules, 'iptables -S INPUT', 'iptables -L INPUT');
    expect(s).toBe(lines('-P INPUT ACCEPT', '-A INPUT -p tcp -m length --length 1000:1500 -j DROP', '-A INPUT -m length ! --length 100', '-A INPUT -m length --length 0:100', '-A INPUT -m length --length 100:65535'));
    expect(l).toBe(lines(
      'Chain INPUT (policy ACCEPT)',
      'target     prot opt source               destination         ',
      'DROP       tcp  --  anywhere             anywhere             length 1000:1500',
      '           all  --  anywhere             anywhere             length !100',
      '           all  --  anywhere             anywhere             length 0:100',
      '           all  --  anywhere             anywhere             length 100:65535',
    ));
  });

  it('refuses as iptables does', () => {
    expect(parseError('iptables -A INPUT -m length')).toBe('iptables v1.8.9 (nf_tables): length: option "--length" must be specified\n');
    expect(parseError('iptables -A INPUT -m length --length 70000')).toBe('iptables v1.8.9 (nf_tables): length: bad value for option "--length" near "70000", or out of range (0-65535).\n');
    expect(parseError('iptables -A INPUT -m length --length ! 100')).toContain('near "!"');
  });

  it('length_mt: the IP total length decides (ping -c 1 sends 84 bytes)', () => {
    expect(through(['iptables -A FORWARD -m length --length 84 -j DROP']).exit).toBe(1);
    expect(through(['iptables -A FORWARD -m length --length 85:1500 -j DROP']).exit).toBe(0);
    expect(through(['iptables -A FORWARD -m length ! --length 0:83 -j DROP']).exit).toBe(1);
    expect(through(['iptables -A FORWARD -m length --length 0:100 -j DROP'], 'ping -c 1 -W 1 -s 100 10.0.2.2').exit).toBe(0);
  });
});
