import { describe, expect, it } from 'vitest';
import { lines } from '../../export/print/fixture';
import { parseError, printed, refusal, through } from './testing';

describe('libxt_physdev / xt_physdev', () => {
  it('is accepted and printed as iptables -S and -L do', () => {
    const rules = ['--physdev-is-bridged -j ACCEPT', '--physdev-in eth0 --physdev-out eth1 -j ACCEPT', '! --physdev-in eth+ ! --physdev-is-in ! --physdev-is-out ! --physdev-is-bridged ! --physdev-out x'].map((r) => `iptables -A FORWARD -m physdev ${r}`);
    const [s, l] = printed(rules, 'iptables -S FORWARD', 'iptables -L FORWARD');
    expect(s).toBe(lines(
      '-P FORWARD ACCEPT',
      '-A FORWARD -m physdev --physdev-is-bridged -j ACCEPT',
      '-A FORWARD -m physdev --physdev-in eth0 --physdev-out eth1 -j ACCEPT',
      '-A FORWARD -m physdev ! --physdev-is-in ! --physdev-in eth+ ! --physdev-is-out ! --physdev-out x ! --physdev-is-bridged',
    ));
    expect(l).toBe(lines(
      'Chain FORWARD (policy ACCEPT)',
      'target     prot opt source               destination         ',
      'ACCEPT     all  --  anywhere             anywhere             PHYSDEV match --physdev-is-bridged',
      'ACCEPT     all  --  anywhere             anywhere             PHYSDEV match --physdev-in eth0 --physdev-out eth1',
      '           all  --  anywhere             anywhere             PHYSDEV match ! --physdev-is-in ! --physdev-in eth+ ! --physdev-is-out ! --physdev-out x ! --physdev-is-bridged',
    ));
  });

  it('refuses as iptables and physdev_mt_check do', () => {
    expect(parseError('iptables -A FORWARD -m physdev')).toBe('iptables v1.8.9 (nf_tables): PHYSDEV: no physdev option specified');
    expect(parseError('iptables -A FORWARD -m physdev --physdev-in abcdefghijklmnopq')).toBe("iptables v1.8.9 (nf_tables): interface name `abcdefghijklmnopq' must be shorter than IFNAMSIZ (15)");
    expect(refusal('iptables -A OUTPUT -m physdev --physdev-out eth0')).toBe('iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain OUTPUT');
    expect(through(['iptables -A INPUT -m physdev --physdev-out eth0', 'iptables -A OUTPUT -m physdev --physdev-is-bridged --physdev-out eth0'], 'true').exit).toBe(0);
  });

  it('physdev_mt: a routed packet has no bridge information and matches only options that are all inverted', () => {
    expect(through(['iptables -A FORWARD -m physdev --physdev-is-bridged -j DROP']).exit).toBe(0);
    expect(through(['iptables -A FORWARD -m physdev --physdev-in eth0 -j DROP']).exit).toBe(0);
    expect(through(['iptables -A FORWARD -m physdev ! --physdev-is-bridged -j DROP']).exit).toBe(1);
    expect(through(['iptables -A FORWARD -m physdev ! --physdev-is-bridged --physdev-in eth0 -j DROP']).exit).toBe(0);
  });
});
