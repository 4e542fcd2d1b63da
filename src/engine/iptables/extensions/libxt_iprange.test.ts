import { describe, expect, it } from 'vitest';
import { completeConfig } from '../../../ui/inspector/completion';
import { lines } from '../../export/print/fixture';
import { parseError, printed, through } from './testing';

/* Expected text is what iptables-nft 1.8.9 printed for the same rules in a network namespace. */

const RULES = [
  'iptables -A FORWARD -m iprange --src-range 192.168.1.100-192.168.1.200 -j ACCEPT',
  'iptables -A FORWARD -m iprange ! --dst-range 10.0.0.1-10.0.0.9 -j DROP',
  'iptables -A FORWARD -m iprange ! --src-range 10.0.0.1-10.0.0.9 --dst-range 10.0.0.5 -j DROP',
];

describe('libxt_iprange / xt_iprange', () => {
  it('prints as iptables -S, -L and -L -n -v do (a single address is saved as A-A)', () => {
    const [s, l, lnv] = printed(RULES, 'iptables -S FORWARD', 'iptables -L FORWARD', 'iptables -L FORWARD -n -v');
    expect(s).toBe(lines(
      '-P FORWARD ACCEPT',
      '-A FORWARD -m iprange --src-range 192.168.1.100-192.168.1.200 -j ACCEPT',
      '-A FORWARD -m iprange ! --dst-range 10.0.0.1-10.0.0.9 -j DROP',
      '-A FORWARD -m iprange ! --src-range 10.0.0.1-10.0.0.9 --dst-range 10.0.0.5-10.0.0.5 -j DROP',
    ));
    expect(l).toBe(lines(
      'Chain FORWARD (policy ACCEPT)',
      'target     prot opt source               destination         ',
      'ACCEPT     all  --  anywhere             anywhere             source IP range 192.168.1.100-192.168.1.200',
      'DROP       all  --  anywhere             anywhere             destination IP range ! 10.0.0.1-10.0.0.9',
      'DROP       all  --  anywhere             anywhere             source IP range ! 10.0.0.1-10.0.0.9 destination IP range 10.0.0.5-10.0.0.5',
    ));
    expect(lnv).toContain('    0     0 DROP       0    --  *      *       0.0.0.0/0            0.0.0.0/0            destination IP range ! 10.0.0.1-10.0.0.9\n');
  });

  it('refuses as iptables does', () => {
    expect(parseError('iptables -A INPUT -m iprange')).toBe("iptables v1.8.9 (nf_tables): iprange match: You must specify `--src-range' or `--dst-range'");
    expect(parseError('iptables -A INPUT -m iprange --src-range 1.2.3.4/24')).toBe('iptables v1.8.9 (nf_tables): iprange: Bad value for "--src-range" option: "1.2.3.4/24"');
    expect(parseError('iptables -A INPUT -m iprange --src-range 1.2.3.4 --src-range 1.2.3.5')).toContain('iprange: option "--src-range" can only be used once.');
    // The old form, `!` after the option, is a bad value in 1.8.9.
    expect(parseError('iptables -A INPUT -m iprange --src-range ! 1.2.3.4-1.2.3.5')).toBe('iptables v1.8.9 (nf_tables): iprange: Bad value for "--src-range" option: "!"');
  });

  it('iprange_mt4: the address within the range, both ends included, decides the DROP', () => {
    expect(through(['iptables -A FORWARD -m iprange --src-range 10.0.1.2-10.0.1.9 -j DROP']).exit).toBe(1);
    expect(through(['iptables -A FORWARD -m iprange --src-range 10.0.1.3-10.0.1.9 -j DROP']).exit).toBe(0);
    expect(through(['iptables -A FORWARD -m iprange ! --src-range 10.0.1.3-10.0.1.9 -j DROP']).exit).toBe(1);
    expect(through(['iptables -A FORWARD -m iprange --dst-range 10.0.2.1-10.0.2.2 -j DROP']).exit).toBe(1);
    // A reversed range is accepted and never matches.
    expect(through(['iptables -A FORWARD -m iprange --src-range 10.0.1.9-10.0.1.1 -j DROP']).exit).toBe(0);
  });
});

describe('the stateless matches in the editor', () => {
  it('are offered after -m, each with its options once loaded', () => {
    const labels = (line: string) => completeConfig(line, line.length, { devices: [], ports: ['eth0'] })?.options.map((o) => o.label) ?? [];
    expect(labels('iptables -A INPUT -m ')).toEqual(expect.arrayContaining(['iprange', 'mac', 'pkttype', 'length', 'owner', 'rpfilter', 'physdev']));
    expect(labels('iptables -A INPUT -m iprange -')).toEqual(expect.arrayContaining(['--src-range', '--dst-range']));
    expect(labels('iptables -A INPUT -m pkttype --pkt-type ')).toEqual(['unicast', 'broadcast', 'multicast']);
    expect(labels('iptables -t raw -A PREROUTING -m rpfilter -')).toEqual(expect.arrayContaining(['--loose', '--validmark', '--accept-local', '--invert']));
  });
});
