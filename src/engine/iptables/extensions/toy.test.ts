import { describe, expect, it } from 'vitest';
import { completeConfig } from '../../../ui/inspector/completion';
import { configCommand, configError } from '../../command/testing';
import type { IptablesCommand } from '../../command/types';
import { viewOn } from '../../export/print/fixture';
import { routed, run } from '../../sim/testing';
import { ipv4Length } from '../../wire/ipv4';
import { iptError } from '../../command/iptables-values';
import { not, registerMatch, type XtMatchType } from '../xtables';

/*
 * libxtables' promise: a match is one module plus one registration. This toy match, written
 * only here, tests whether a packet's IP length is odd or even; once registered it parses,
 * decides a flow, prints in -S, -L and iptables-save (whose output restores it), and is offered by the editor.
 */

interface ParityInfo {
  name: 'parity';
  length: 'odd' | 'even';
  invert: boolean;
}

const parity: XtMatchType<ParityInfo> = {
  kind: 'match',
  name: 'parity',
  detail: 'odd or even IP length',
  options: [{ name: 'length', hasArg: true, detail: 'odd or even', values: ['odd', 'even'] }],
  parser() {
    let info: ParityInfo | undefined;
    return {
      parse(_option, value, invert, column) {
        if (value !== 'odd' && value !== 'even') throw iptError(column, `parity: bad length "${value}"`);
        info = { name: 'parity', length: value, invert };
      },
      finish(column) {
        if (!info) throw iptError(column, 'parity: option "--length" must be specified\n');
        return info;
      },
    };
  },
  match: ({ length, invert }) => ({ test: (c) => ((ipv4Length(c.skb.pkt) % 2 === 1) === (length === 'odd')) !== invert }),
  save: (info) => `-m parity ${not(info.invert)}--length ${info.length}`,
  print: (info) => ` parity length ${info.invert ? '!' : ''}${info.length}`,
};

registerMatch(parity);

const DROP_EVEN = 'iptables -A FORWARD -p icmp -m parity --length even -j DROP';

describe('a toy match added through the extension registry alone', () => {
  it('parses with its own options and errors', () => {
    const c = configCommand(DROP_EVEN) as IptablesCommand;
    expect(c.action).toMatchObject({ op: 'append', rule: { matches: [{ name: 'parity', length: 'even', invert: false }] } });
    expect(configError('iptables -A FORWARD -m parity --length 3 -j DROP').message).toContain('parity: bad length "3"');
  });

  it('decides a flow: a ping (84-byte packets, even) is dropped by --length even and passes ! --length even', () => {
    expect(run(routed([DROP_EVEN]), 'client', 'ping -c 1 -W 1 10.0.2.2').exit).toBe(1);
    expect(run(routed(['iptables -A FORWARD -p icmp -m parity ! --length even -j DROP']), 'client', 'ping -c 1 -W 1 10.0.2.2').exit).toBe(0);
  });

  it('prints in iptables -S, -L and iptables-save from its own save and print functions', () => {
    const r = run(routed([DROP_EVEN]), 'client', 'ping -c 1 -W 1 10.0.2.2');
    expect(viewOn(r.network, 'router', 'iptables -S FORWARD').stdout).toBe('-P FORWARD ACCEPT\n-A FORWARD -p icmp -m parity --length even -j DROP\n');
    expect(viewOn(r.network, 'router', 'iptables -L FORWARD -n -v').stdout).toBe(
      'Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)\n' +
        ' pkts bytes target     prot opt in     out     source               destination         \n' +
        '    1    84 DROP       1    --  *      *       0.0.0.0/0            0.0.0.0/0            parity length even\n',
    );
    expect(viewOn(r.network, 'router', 'iptables-save -c').stdout).toContain('*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n[1:84] -A FORWARD -p icmp -m parity --length even -j DROP\nCOMMIT\n');
  });

  it('loads from iptables-save output (iptables-restore) and prints back the same rule', () => {
    const restore = ["iptables-restore <<'EOF'", '*filter', ':FORWARD ACCEPT [0:0]', '-A FORWARD -p icmp -m parity ! --length odd -j DROP', 'COMMIT', 'EOF'];
    const r = run(routed(restore), 'client', 'ping -c 1 -W 1 10.0.2.2');
    expect(r.exit).toBe(1);
    expect(viewOn(r.network, 'router', 'iptables -S FORWARD').stdout).toBe('-P FORWARD ACCEPT\n-A FORWARD -p icmp -m parity ! --length odd -j DROP\n');
    const saved = viewOn(r.network, 'router', 'iptables-save').stdout;
    expect(saved).toContain('-A FORWARD -p icmp -m parity ! --length odd -j DROP\n');
    const again = run(routed(["iptables-restore <<'EOF'", ...saved.trimEnd().split('\n'), 'EOF']), 'client', 'ping -c 1 -W 1 10.0.2.2');
    expect(viewOn(again.network, 'router', 'iptables-save').stdout).toBe(saved);
  });

  it('is offered by the editor: its name after -m, its option once loaded, and the option\'s values', () => {
    const labels = (line: string) => completeConfig(line, line.length, { devices: [], ports: ['eth0'] })?.options.map((o) => o.label) ?? [];
    expect(labels('iptables -A FORWARD -m ')).toContain('parity');
    expect(labels('iptables -A FORWARD -m parity -')).toContain('--length');
    expect(labels('iptables -A FORWARD -m parity --length ')).toEqual(['odd', 'even']);
  });
});
