import { describe, expect, it } from 'vitest';
import { parseFlowLine } from '../command/parse';
import { runCommand } from '../sim/run';
import { scenarioOf } from '../sim/testing';

/*
 * conntrack-tools 1.4.7 (conntrack -L/-D/-C and their filters), each output and status as the
 * tool gives them in a namespace: filters on the original and reply tuples, protocol options
 * only after -p, -m MARK[/MASK], -n/-g for NATed entries, -D printing what it deleted.
 */

const lan = () =>
  scenarioOf(
    {
      c: { ports: ['eth0'], config: ['ip addr add 10.9.0.1/24 dev eth0', 'iptables -A OUTPUT -m conntrack --ctstate NEW -j ACCEPT', 'iptables -t mangle -A OUTPUT -p udp -j CONNMARK --set-mark 5'] },
      d: { ports: ['eth0'], config: ['ip addr add 10.9.0.2/24 dev eth0', 'nc -lk 80 &'] },
    },
    [['c:eth0', 'd:eth0']],
  );
const traffic = 'ping -c 1 -W 1 10.9.0.2 >/dev/null; nc -z -w 1 10.9.0.2 80; echo x | nc -u -w 1 10.9.0.2 53';
const on = (command: string) => runCommand(lan(), 'c', `${traffic}; ${command}`);
const lines = (s: string) => s.split('\n').filter(Boolean).map((l) => l.split(' ')[0]);
const TOOL = 'conntrack v1.4.7 (conntrack-tools)';

describe('conntrack -L with filters (conntrack-tools filter_*)', () => {
  it('selects by protocol, addresses of either direction, ports after -p, mark, status', () => {
    expect(lines(on('conntrack -L').stdout)).toEqual(['icmp', 'tcp', 'udp']);
    const tcp = on('conntrack -L -p tcp --dport 80');
    expect(lines(tcp.stdout)).toEqual(['tcp']);
    expect(tcp.stderr).toBe(`${TOOL}: 1 flow entries have been shown.\n`);
    expect(lines(on('conntrack -L -s 10.9.0.1 -p udp').stdout)).toEqual(['udp']);
    expect(lines(on('conntrack -L -r 10.9.0.2 -p icmp').stdout)).toEqual(['icmp']);
    expect(on('conntrack -L -d 10.9.0.3')).toMatchObject({ stdout: '', stderr: `${TOOL}: 0 flow entries have been shown.\n`, exit: 0 });
    expect(lines(on('conntrack -L -m 5').stdout)).toEqual(['udp']);
    expect(lines(on('conntrack -L -m 0/0xff').stdout)).toEqual(['icmp', 'tcp']);
    expect(lines(on('conntrack -L -p tcp --state TIME_WAIT').stdout)).toEqual(['tcp']);
    expect(lines(on('conntrack -L -u ASSURED').stdout)).toEqual(['tcp']);
    expect(on('conntrack -L -n').stdout).toBe('');
    // Addresses as inet_aton reads them, ports as atoi (tried: 10.9.2 is 10.9.0.2, 080 is 80, 0x50 is 0).
    expect(lines(on('conntrack -L -d 10.9.2 -p tcp --dport 080').stdout)).toEqual(['tcp']);
    expect(lines(on('conntrack -L -d 0x0a.9.0.2 -p tcp --dport 0x50').stdout)).toEqual([]);
  });

  it('-g selects entries whose destination was NATed, -n those whose source was', () => {
    const s = scenarioOf(
      {
        c: { ports: ['eth0'], config: ['ip addr add 10.9.0.1/24 dev eth0', 'iptables -t nat -A OUTPUT -p tcp --dport 8080 -j DNAT --to-destination 10.9.0.2:80'] },
        d: { ports: ['eth0'], config: ['ip addr add 10.9.0.2/24 dev eth0', 'nc -lk 80 &'] },
      },
      [['c:eth0', 'd:eth0']],
    );
    const r = runCommand(s, 'c', 'ping -c 1 -W 1 10.9.0.2 >/dev/null; nc -z -w 1 10.9.0.2 8080; conntrack -L -g; conntrack -L -n');
    expect(r.stdout).toMatch(/^tcp +6 \d+ TIME_WAIT src=10\.9\.0\.1 dst=10\.9\.0\.2 sport=\d+ dport=8080 src=10\.9\.0\.2 dst=10\.9\.0\.1 sport=80 /);
    expect(lines(r.stdout)).toEqual(['tcp']);
    expect(r.stderr).toBe(`${TOOL}: 1 flow entries have been shown.\n${TOOL}: 0 flow entries have been shown.\n`);
  });

  it('-o extended starts each entry with its layer-3 protocol; other formats are refused', () => {
    expect(on('conntrack -L -p icmp -o extended').stdout).toMatch(/^ipv4 {5}2 icmp {5}1 \d+ src=10\.9\.0\.1 dst=10\.9\.0\.2 type=8 code=0 id=\d+ /);
    const p = parseFlowLine('conntrack -L -o bogus');
    expect(!p.ok && p.error.message).toBe(`${TOOL}: Bad parameter \`bogus'\nTry \`conntrack -h' or 'conntrack --help' for more information.`);
  });

  it('counts with -C', () => {
    expect(on('conntrack -C').stdout).toBe('3\n');
  });

  it("refuses a protocol's option before -p, an unknown protocol or state, with the tool's words and status 2", () => {
    const refused = (line: string) => {
      const p = parseFlowLine(line);
      return p.ok ? undefined : [p.error.column, p.error.message, p.error.exitStatus];
    };
    const tryHelp = "\nTry `conntrack -h' or 'conntrack --help' for more information.";
    expect(refused('conntrack -L --sport 80')).toEqual([14, `${TOOL}: unknown option \`--sport'${tryHelp}`, 2]);
    expect(refused('conntrack -L -p icmp --dport 80')).toEqual([22, `${TOOL}: unknown option \`--dport'${tryHelp}`, 2]);
    expect(refused('conntrack -L -p foo')).toEqual([17, `${TOOL}: \`foo' unsupported protocol${tryHelp}`, 2]);
    expect(refused('conntrack -L -p tcp --state FOO')).toEqual([29, `${TOOL}: unknown TCP state \`FOO'${tryHelp}`, 2]);
    expect(refused('conntrack -L -s foo')).toEqual([17, `${TOOL}: Invalid IP address \`foo'${tryHelp}`, 2]);
    expect(refused('conntrack -L -L')).toEqual([14, `${TOOL}: Invalid commands combination${tryHelp}`, 2]);
    expect(refused('conntrack -L -f ipx')).toEqual([17, `${TOOL}: \`ipx' unsupported protocol${tryHelp}`, 2]);
    expect(refused('conntrack -L -p')).toEqual([14, `${TOOL}: option \`-p' requires an argument${tryHelp}`, 2]);
    expect(refused('conntrack -E')?.[1]).toMatch(/conntrack -E waits for events until killed; events are not simulated/);
  });
});

describe('conntrack -D (each selected entry deleted by its tuple)', () => {
  it('prints what it deleted, then the count; deleting nothing exits 1', () => {
    const r = on('conntrack -D -p icmp; conntrack -L');
    expect(r.stderr).toBe(`${TOOL}: 1 flow entries have been deleted.\n${TOOL}: 2 flow entries have been shown.\n`);
    expect(lines(r.stdout)).toEqual(['icmp', 'tcp', 'udp']);
    const none = on('conntrack -D -s 10.9.0.7');
    expect(none).toMatchObject({ stdout: '', stderr: `${TOOL}: 0 flow entries have been deleted.\n`, exit: 1 });
  });
});
