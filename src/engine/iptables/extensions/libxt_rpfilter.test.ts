import { describe, expect, it } from 'vitest';
import { lines, viewOn } from '../../export/print/fixture';
import { parseError, printed, refusal, through } from './testing';

describe('libxt_rpfilter / xt_rpfilter', () => {
  it('prints as iptables -S and -L do', () => {
    const rules = ['iptables -t raw -A PREROUTING -m rpfilter --invert -j DROP', 'iptables -t raw -A PREROUTING -m rpfilter', 'iptables -t raw -A PREROUTING -m rpfilter --loose --validmark --accept-local -j ACCEPT'];
    const [s, l] = printed(rules, 'iptables -t raw -S PREROUTING', 'iptables -t raw -L PREROUTING');
    expect(s).toBe(lines('-P PREROUTING ACCEPT', '-A PREROUTING -m rpfilter --invert -j DROP', '-A PREROUTING -m rpfilter', '-A PREROUTING -m rpfilter --loose --validmark --accept-local -j ACCEPT'));
    expect(l).toBe(lines(
      'Chain PREROUTING (policy ACCEPT)',
      'target     prot opt source               destination         ',
      'DROP       all  --  anywhere             anywhere             rpfilter invert',
      '           all  --  anywhere             anywhere             rpfilter',
      'ACCEPT     all  --  anywhere             anywhere             rpfilter loose validmark accept-local',
    ));
  });

  it('is refused outside raw and mangle PREROUTING (rpfilter_check, xt_rpfilter.hooks)', () => {
    expect(refusal('iptables -A INPUT -m rpfilter')).toBe('iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT');
    expect(refusal('iptables -t raw -A OUTPUT -m rpfilter')).toBe('iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain OUTPUT');
    expect(refusal('iptables -t mangle -A FORWARD -m rpfilter')).toBe('iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain FORWARD');
    expect(parseError('iptables -t raw -A PREROUTING -m rpfilter --foo')).toBe('iptables v1.8.9 (nf_tables): unknown option "--foo"');
  });

  const SPOOF = 'ping -c 1 -W 1 -I 10.0.9.9 10.0.2.2';
  const spoofable = ['ip addr add 10.0.9.9/32 dev eth0'];

  it('rpfilter_mt: the reverse route of the source must leave by the device the packet came in on', () => {
    // The client's own address is routed back through eth0: it passes.
    expect(through(['iptables -t raw -A PREROUTING -m rpfilter --invert -j DROP']).exit).toBe(0);
    // The router has no route back to a source the client made up (10.0.9.9): dropped.
    const spoofed = through(['iptables -t raw -A PREROUTING -m rpfilter --invert -j DROP'], SPOOF, { client: spoofable });
    expect(spoofed.exit).toBe(1);
    expect(viewOn(spoofed.network, 'router', 'iptables -t raw -L PREROUTING -v -n').stdout).toContain('    1    84 DROP       0    --  *      *       0.0.0.0/0            0.0.0.0/0            rpfilter invert\n');
  });

  it('rpfilter_mt: a route back by another device fails strict mode and passes --loose', () => {
    const back = ['ip route add 10.0.9.0/24 via 10.0.2.2', 'ip route add 10.0.9.9/32 via 10.0.1.2 table 100'];
    const strict = through([...back, 'iptables -t raw -A PREROUTING -i eth0 -m rpfilter --invert -j DROP'], SPOOF, { client: spoofable });
    expect(viewOn(strict.network, 'router', 'iptables -t raw -L PREROUTING -v -n').stdout).toContain('    1    84 DROP ');
    const loose = through([...back, 'iptables -t raw -A PREROUTING -i eth0 -m rpfilter --loose --invert -j DROP'], SPOOF, { client: spoofable });
    expect(viewOn(loose.network, 'router', 'iptables -t raw -L PREROUTING -v -n').stdout).toContain('    0     0 DROP ');
  });

  it('rpfilter_mt: --validmark looks the reverse route up with the packet\'s mark', () => {
    const marked = ['ip route add 10.0.9.9/32 via 10.0.1.2 table 100', 'ip rule add fwmark 7 lookup 100', 'iptables -t raw -A PREROUTING -i eth0 -j MARK --set-mark 7'];
    const without = through([...marked, 'iptables -t raw -A PREROUTING -i eth0 -m rpfilter --invert -j DROP'], SPOOF, { client: spoofable });
    expect(viewOn(without.network, 'router', 'iptables -t raw -L PREROUTING -v -n').stdout).toContain('    1    84 DROP ');
    const withMark = through([...marked, 'iptables -t raw -A PREROUTING -i eth0 -m rpfilter --validmark --invert -j DROP'], SPOOF, { client: spoofable });
    expect(viewOn(withMark.network, 'router', 'iptables -t raw -L PREROUTING -v -n').stdout).toContain('    0     0 DROP ');
  });

  it('rpfilter_mt: a source that is the router\'s own address finds a local route, accepted only with --accept-local', () => {
    const own = 'ping -c 1 -W 1 -I 10.0.2.1 10.0.2.2';
    // The router answers no ARP request from its own address: the client knows its MAC already.
    const client = { client: ['ip addr add 10.0.2.1/32 dev eth0', 'ip neigh add 10.0.1.1 lladdr 02:00:00:00:02:01 dev eth0'] };
    const dropped = (flags: string) => {
      const r = through([`iptables -t raw -A PREROUTING -i eth0 -m rpfilter ${flags} --invert -j DROP`], own, client);
      return viewOn(r.network, 'router', 'iptables -t raw -L PREROUTING -v -n').stdout.split('\n')[2]!.slice(0, 11);
    };
    expect(dropped('--loose')).toBe('    1    84');
    expect(dropped('--loose --accept-local')).toBe('    0     0');
  });
});
