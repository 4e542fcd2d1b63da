import { describe, expect, it } from 'vitest';
import { runCommand } from '../sim/run';
import { twoHosts } from '../sim/testing';

/*
 * The flush commands as iproute2 6.x and conntrack-tools 1.4.7 behave in a network namespace
 * (what each prints, what goes, the exit status), as config lines and as flow commands.
 */

const A = [
  'ip addr add 10.0.0.1/24 dev eth0',
  'ip addr add 10.0.1.1/24 dev eth0',
  'ip route add 10.8.0.0/16 via 10.0.0.2',
  'ip neigh add 10.0.0.7 lladdr 02:00:00:00:00:07 dev eth0',
  'ip neigh add 10.0.0.8 lladdr 02:00:00:00:00:08 dev eth0 nud reachable',
];
const lab = (extra: string[] = []) => twoHosts([...A, ...extra], ['ip addr add 10.0.0.2/24 dev eth0']);
const on = (command: string, extra: string[] = []) => runCommand(lab(extra), 'a', command);

describe('flush commands (ipaddress.c, iproute.c, ipneigh.c, conntrack -F)', () => {
  it('ip neigh flush keeps PERMANENT entries unless `nud all`; `all` is the prefix 0/0', () => {
    expect(on('ip neigh flush dev eth0; ip neigh').stdout).toBe('10.0.0.7 dev eth0 lladdr 02:00:00:00:00:07 PERMANENT \n');
    expect(on('ip neigh flush all; ip neigh').stdout).toBe('10.0.0.7 dev eth0 lladdr 02:00:00:00:00:07 PERMANENT \n');
    const all = on('ip neigh flush dev eth0 nud all; ip neigh');
    expect([all.stdout, all.exit]).toEqual(['', 0]);
  });

  it('ip route flush dev/table takes the matching routes of main, kernel ones too, and leaves table local', () => {
    expect(on('ip route flush dev eth0; ip route').stdout).toBe('');
    expect(on('ip route flush table main; ip route show table local dev eth0').stdout).toBe(
      'local 10.0.0.1 proto kernel scope host src 10.0.0.1 \nbroadcast 10.0.0.255 proto kernel scope link src 10.0.0.1 \nlocal 10.0.1.1 proto kernel scope host src 10.0.1.1 \nbroadcast 10.0.1.255 proto kernel scope link src 10.0.1.1 \n',
    );
    expect(on('ip route flush 10.8.0.0/16; ip route').stdout).toBe('10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.1 \n10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.1 \n');
  });

  it('ip route flush deletes each selected route by its own attributes: of routes appended to one prefix only those go', () => {
    // As in a namespace: each RTM_DELROUTE names the dumped route's gateway, protocol and device.
    const appended = ['ip route append 10.9.0.0/16 via 10.0.0.2', 'ip route append 10.9.0.0/16 via 10.0.1.3 proto static', 'ip route append 10.9.0.0/16 dev eth0 proto static'];
    expect(on('ip route flush via 10.0.1.3; ip route show 10.9.0.0/16', appended).stdout).toBe('10.9.0.0/16 via 10.0.0.2 dev eth0 \n10.9.0.0/16 dev eth0 proto static scope link \n');
    expect(on('ip route flush proto static; ip route show 10.9.0.0/16', appended).stdout).toBe('10.9.0.0/16 via 10.0.0.2 dev eth0 \n');
  });

  it('routes appended to one prefix that differ only in scope: flush scope host takes the host one (fib_table_delete matches fc_scope)', () => {
    // Observed in a namespace: the scope link route stays.
    const appended = ['ip route append 10.9.0.0/24 dev eth0', 'ip route append 10.9.0.0/24 dev eth0 scope host'];
    expect(on('ip route flush scope host; ip route show 10.9.0.0/24', appended).stdout).toBe('10.9.0.0/24 dev eth0 scope link \n');
    expect(on('ip route show 10.9.0.0/24', [...appended, 'ip route del 10.9.0.0/24 dev eth0 scope host']).stdout).toBe('10.9.0.0/24 dev eth0 scope link \n');
  });

  it('ip addr flush takes every address; with the last one gone, every route through the device goes too (fib_disable_ip)', () => {
    const r = on('ip addr flush dev eth0; ip -br addr show dev eth0; ip route; ping -c 1 -W 1 10.0.0.2');
    expect(r.stdout).toBe('eth0             UP             \n');
    expect(r.stderr).toBe('ping: connect: Network is unreachable\n');
    expect(r.exit).toBe(2);
  });

  it('conntrack -F empties the table and says so on stderr', () => {
    const r = on('ping -c 1 10.0.0.2 >/dev/null; conntrack -F; conntrack -L', ['iptables -A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT']);
    expect(r.stderr).toBe('conntrack v1.4.7 (conntrack-tools): connection tracking table has been emptied.\nconntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n');
    expect(r.exit).toBe(0);
  });

  it('the refusals: iproute2 words a missing device differently per object; no arguments is an error', () => {
    const cases: [string, string, number][] = [
      ['ip addr flush dev nope', 'Device "nope" does not exist.\n', 1],
      ['ip route flush dev nope', 'Cannot find device "nope"\n', 1],
      ['ip neigh flush dev nope', 'Cannot find device "nope"\n', 1],
      ['ip neigh flush', 'Flush requires arguments.\n', 1],
      ['ip addr flush', 'Flush requires arguments.\n', 1],
      ['ip route flush', '"ip route flush" requires arguments.\n', 1],
      ['ip route flush table nosuch', 'Error: argument "nosuch" is wrong: table id value is invalid\n', 255],
      // A table no route ever went into does not exist in the kernel (Linux 6.18).
      ['ip route flush table 100', 'Error: ipv4: FIB table does not exist.\nFlush terminated\n', 2],
    ];
    for (const [command, stderr, exit] of cases) expect([command, on(command).stderr, on(command).exit]).toEqual([command, stderr, exit]);
  });

  it('as config lines they run too, and a missing device is underlined where its name is', () => {
    const r = on('ip neigh', ['ip neigh flush all', 'ip addr flush dev nope', 'conntrack -F']);
    expect(r.configIssues).toEqual([{ device: 'a', line: 7, column: 19, kind: 'refused', message: 'Device "nope" does not exist.' }]);
    expect(r.stdout).toBe('10.0.0.7 dev eth0 lladdr 02:00:00:00:00:07 PERMANENT \n');
  });
});
