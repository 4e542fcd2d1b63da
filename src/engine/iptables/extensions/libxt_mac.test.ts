import { describe, expect, it } from 'vitest';
import { lines, viewOn } from '../../export/print/fixture';
import { parseError, printed, refusal, through } from './testing';

describe('libxt_mac / xt_mac', () => {
  it('prints as iptables -S and -L do (lowercase, each byte two digits)', () => {
    const [s, l] = printed(
      ['iptables -A INPUT -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT', 'iptables -A INPUT -m mac ! --mac-source aa:BB:cc:dd:ee:ff -j ACCEPT', 'iptables -A INPUT -m mac --mac-source 0:1:2:3:4:5'],
      'iptables -S INPUT',
      'iptables -L INPUT',
    );
    expect(s).toBe(lines('-P INPUT ACCEPT', '-A INPUT -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT', '-A INPUT -m mac ! --mac-source aa:bb:cc:dd:ee:ff -j ACCEPT', '-A INPUT -m mac --mac-source 00:01:02:03:04:05'));
    expect(l).toBe(lines(
      'Chain INPUT (policy ACCEPT)',
      'target     prot opt source               destination         ',
      'ACCEPT     all  --  anywhere             anywhere             MAC 00:11:22:33:44:55',
      'ACCEPT     all  --  anywhere             anywhere             MAC ! aa:bb:cc:dd:ee:ff',
      '           all  --  anywhere             anywhere             MAC 00:01:02:03:04:05',
    ));
  });

  it('refuses as iptables and the kernel do: a bad address; OUTPUT, or a chain OUTPUT jumps to (xt_mac.hooks)', () => {
    expect(parseError('iptables -A INPUT -m mac --mac-source 00:11:22:33:44')).toBe('iptables v1.8.9 (nf_tables): Invalid MAC address specified.');
    expect(parseError('iptables -A INPUT -m mac')).toBe('iptables v1.8.9 (nf_tables): mac: option "--mac-source" must be specified\n');
    expect(refusal('iptables -A OUTPUT -m mac --mac-source 00:11:22:33:44:55')).toBe('iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain OUTPUT');
    const r = through(['iptables -N X', 'iptables -A X -m mac --mac-source 00:11:22:33:44:55', 'iptables -A FORWARD -j X'], 'true');
    expect(r.exit).toBe(0);
    expect(() => through(['iptables -N X', 'iptables -A X -m mac --mac-source 00:11:22:33:44:55', 'iptables -A OUTPUT -j X'], 'true')).toThrow('rule in chain OUTPUT');
  });

  it('mac_mt: the source address of the frame the router received (the client\'s port, 02:00:00:00:01:01)', () => {
    expect(through(['iptables -A FORWARD -m mac --mac-source 02:00:00:00:01:01 -j DROP']).exit).toBe(1);
    expect(through(['iptables -A FORWARD -m mac --mac-source 02:00:00:00:09:09 -j DROP']).exit).toBe(0);
    expect(through(['iptables -A FORWARD -m mac ! --mac-source 02:00:00:00:09:09 -j DROP']).exit).toBe(1);
    // The echo reply arrives from the server's port: the request passes, the reply is dropped.
    const r = through(['iptables -A FORWARD -m mac --mac-source 02:00:00:00:03:01 -j DROP']);
    expect(r.exit).toBe(1);
    expect(viewOn(r.network, 'router', 'iptables -L FORWARD -v -n').stdout).toContain('    1    84 DROP       0    --  *      *       0.0.0.0/0            0.0.0.0/0            MAC 02:00:00:00:03:01\n');
  });
});
