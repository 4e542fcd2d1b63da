import { describe, expect, it } from 'vitest';
import { viewOn } from '../../export/print/fixture';
import { routed, run } from '../../sim/testing';

/* iptables-save prints the targets so that iptables-restore reads them back to the same rules. */

const RULES = [
  'iptables -t raw -A PREROUTING -p tcp --dport 80 -j CT --notrack',
  'iptables -t raw -A OUTPUT -p tcp --sport 80 -j NOTRACK',
  'iptables -t raw -A OUTPUT -j CT',
  'iptables -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu',
  'iptables -t mangle -A POSTROUTING -p tcp -j TCPMSS --set-mss 1400',
  'iptables -t mangle -A POSTROUTING -p udp --dport 68 -j CHECKSUM --checksum-fill',
  'iptables -t mangle -A FORWARD -j TTL --ttl-inc 5',
  'iptables -t mangle -A FORWARD -j DSCP --set-dscp-class AF41',
  'iptables -t mangle -A FORWARD -j TOS --set-tos Minimize-Delay',
  'iptables -t mangle -A FORWARD -j TOS --and-tos 0x0f',
  'iptables -t mangle -A POSTROUTING -o eth0 -j CLASSIFY --set-class 1:10',
  'iptables -A INPUT -j LOG --log-prefix "in: " --log-level info --log-tcp-options --log-macdecode',
];

describe('the targets through iptables-save and iptables-restore', () => {
  it('restore the saved text to the same rules, in the order iptables-nft 1.8.9 saves them', () => {
    const saved = viewOn(run(routed(RULES), 'client', 'true').network, 'router', 'iptables-save').stdout;
    expect(saved).toContain('*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A PREROUTING -p tcp -m tcp --dport 80 -j CT --notrack\n-A OUTPUT -p tcp -m tcp --sport 80 -j NOTRACK\n-A OUTPUT -j CT\nCOMMIT\n');
    expect(saved).toContain(
      '-A FORWARD -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu\n-A FORWARD -j TTL --ttl-inc 5\n-A FORWARD -j DSCP --set-dscp 0x22\n-A FORWARD -j TOS --set-tos 0x10/0x3f\n-A FORWARD -j TOS --set-tos 0x00/0xf0\n',
    );
    expect(saved).toContain('-A POSTROUTING -p tcp -j TCPMSS --set-mss 1400\n-A POSTROUTING -p udp -m udp --dport 68 -j CHECKSUM --checksum-fill\n-A POSTROUTING -o eth0 -j CLASSIFY --set-class 0001:0010\n');
    expect(saved).toContain('-A INPUT -j LOG --log-prefix "in: " --log-level 6 --log-tcp-options --log-macdecode\n');
    const body = saved.split('\n').filter((l) => !l.startsWith('#'));
    const again = run(routed(["iptables-restore <<'EOF'", ...body.filter(Boolean), 'EOF']), 'client', 'true');
    expect(again.configIssues).toEqual([]);
    expect(viewOn(again.network, 'router', 'iptables-save').stdout.split('\n').filter((l) => !l.startsWith('#'))).toEqual(body);
  });
});
