import { describe, expect, it } from 'vitest';
import { completeConfig } from '../../../ui/inspector/completion';
import { lines } from '../../export/print/fixture';
import { parseError, printed, through } from './testing';

describe('libipt_icmp / ipt_icmp', () => {
  it('saves names as numbers and -L prints the first name of each type/code (aliases ping, pong, ttl-exceeded)', () => {
    const types = ['any', 'pong', 'destination-unreachable', 'port-unreachable', 'fragmentation-needed', 'source-quench', 'host-redirect', 'ping', 'ttl-exceeded', 'ttl-zero-during-transit', 'parameter-problem', 'timestamp-request', 'address-mask-reply', '8', '3/4', '3/200', 'tos-host-unreachable', '! 8', '! any', '! 3'];
    const rules = types.map((t) => (t.startsWith('! ') ? `iptables -A INPUT -p icmp ! --icmp-type ${t.slice(2)}` : `iptables -A INPUT -p icmp --icmp-type ${t}`));
    const [s, l, n = ''] = printed(rules, 'iptables -S INPUT', 'iptables -L INPUT', 'iptables -L INPUT -n');
    const saved = ['any', '0', '3', '3/3', '3/4', '4', '5/1', '8', '11', '11/0', '12', '13', '18', '8', '3/4', '3/200', '3/12'];
    expect(s).toBe(lines('-P INPUT ACCEPT', ...saved.map((t) => `-A INPUT -p icmp -m icmp --icmp-type ${t}`), '-A INPUT -p icmp -m icmp ! --icmp-type 8', '-A INPUT -p icmp -m icmp ! --icmp-type any', '-A INPUT -p icmp -m icmp ! --icmp-type 3'));
    const names = ['icmp any', 'icmp echo-reply', 'icmp destination-unreachable', 'icmp port-unreachable', 'icmp fragmentation-needed', 'icmp source-quench', 'icmp host-redirect', 'icmp echo-request', 'icmp time-exceeded', 'icmp ttl-zero-during-transit', 'icmp parameter-problem', 'icmp timestamp-request', 'icmp address-mask-reply', 'icmp echo-request', 'icmp fragmentation-needed', 'icmptype 3 code 200', 'icmp TOS-host-unreachable', 'icmp !echo-request', 'icmp !any', 'icmp !destination-unreachable'];
    expect(l).toBe(lines('Chain INPUT (policy ACCEPT)', 'target     prot opt source               destination         ', ...names.map((x) => `           icmp --  anywhere             anywhere             ${x}`)));
    const numeric = ['icmptype 255', 'icmptype 0', 'icmptype 3', 'icmptype 3 code 3', 'icmptype 3 code 4'];
    expect(n.split('\n').slice(2, 7)).toEqual(numeric.map((x) => `           1    --  0.0.0.0/0            0.0.0.0/0            ${x}`));
    expect(n).toContain('0.0.0.0/0            icmp !type 255\n');
    expect(n).toContain('0.0.0.0/0            icmp !type 3\n');
  });

  it('refuses as iptables does', () => {
    expect(parseError('iptables -A INPUT -p icmp --icmp-type echo')).toBe("iptables v1.8.9 (nf_tables): Ambiguous ICMP type `echo': `echo-reply' or `echo-request'?");
    expect(parseError('iptables -A INPUT -p icmp --icmp-type 256')).toBe("iptables v1.8.9 (nf_tables): Unknown ICMP type `256'");
    expect(parseError('iptables -A INPUT -p icmp --icmp-type 3/256')).toBe("iptables v1.8.9 (nf_tables): Unknown ICMP code `3/256'");
    expect(parseError('iptables -A INPUT -p icmp --icmp-type ! 8')).toBe("iptables v1.8.9 (nf_tables): Unknown ICMP type `!'");
  });

  it('icmp_match: type and code decide; `! any` matches nothing', () => {
    expect(through(['iptables -A FORWARD -p icmp --icmp-type 8 -j DROP']).exit).toBe(1);
    expect(through(['iptables -A FORWARD -p icmp --icmp-type echo-reply -j DROP']).exit).toBe(1);
    expect(through(['iptables -A FORWARD -p icmp --icmp-type 8/1 -j DROP']).exit).toBe(0);
    expect(through(['iptables -A FORWARD -p icmp ! --icmp-type any -j DROP']).exit).toBe(0);
    expect(through(['iptables -A FORWARD -p icmp ! --icmp-type destination-unreachable -j DROP']).exit).toBe(1);
  });
});

describe('libipt_icmp in the editor', () => {
  it('offers every type name iptables -p icmp -h lists, in its order', () => {
    const line = 'iptables -A INPUT -p icmp --icmp-type ';
    const labels = completeConfig(line, line.length, { devices: [], ports: ['eth0'] })?.options.map((o) => o.label) ?? [];
    expect(labels.slice(0, 4)).toEqual(['any', 'echo-reply', 'destination-unreachable', 'network-unreachable']);
    expect(labels).toHaveLength(37);
  });
});
