import { describe, expect, it } from 'vitest';
import { runCommand } from '../../sim/run';
import { scenarioOf, twoHosts } from '../../sim/testing';

/* `brctl show` as bridge-utils 1.7.1 printed it in a namespace here, and its errors. */

const box = (config: string[]) =>
  scenarioOf({ box: { ports: ['eth0', 'eth1'], config }, a: { ports: ['eth0'] }, b: { ports: ['eth0'] } }, [
    ['box:eth0', 'a:eth0'],
    ['box:eth1', 'b:eth0'],
  ]);

describe('brctl (bridge-utils 1.7.1)', () => {
  it('show: bridges by name, the id as 8000.<address>, ports by name one a line, a portless bridge with a zero id', () => {
    const r = runCommand(box(['ip link add br1 type bridge stp_state 1', 'ip link add br0 type bridge', 'ip link set eth1 master br0', 'ip link set eth0 master br0']), 'box', 'brctl show');
    expect(r.stdout).toBe('bridge name\tbridge id\t\tSTP enabled\tinterfaces\nbr0\t\t8000.020000000101\tno\t\teth0\n\t\t\t\t\t\t\teth1\nbr1\t\t8000.000000000000\tyes\t\t\n');
    expect(r.exit).toBe(0);
  });

  it("a switch's bridge; no bridges at all prints nothing", () => {
    const s = scenarioOf({ sw: { kind: 'switch', ports: ['p1', 'p2'] }, a: { ports: ['eth0'] } }, [['sw:p1', 'a:eth0']]);
    expect(runCommand(s, 'sw', 'brctl show').stdout).toBe('bridge name\tbridge id\t\tSTP enabled\tinterfaces\nbr0\t\t8000.020000000101\tno\t\tp1\n\t\t\t\t\t\t\tp2\n');
    expect(runCommand(twoHosts([], []), 'a', 'brctl show')).toMatchObject({ stdout: '', exit: 0 });
  });

  it('show BR…: only those; a missing bridge or a device that is not one is an error (exit 1)', () => {
    const r = runCommand(box(['ip link add br0 type bridge']), 'box', 'brctl show nope br0 eth0');
    expect(r.stdout).toBe('bridge name\tbridge id\t\tSTP enabled\tinterfaces\nbr0\t\t8000.000000000000\tno\t\t\n');
    expect(r.stderr).toBe('bridge nope does not exist!\ndevice eth0 is not a bridge!\n');
    expect(r.exit).toBe(1);
  });

  it('other subcommands are refused by name; an unknown one, or none, gets the usage', () => {
    const addbr = runCommand(twoHosts([], []), 'a', 'brctl addbr br0');
    expect(addbr.stderr).toMatch(/^hairpin: brctl addbr is not supported: brctl is read only here/);
    expect(addbr.exit).toBe(2);
    const foo = runCommand(twoHosts([], []), 'a', 'brctl foo');
    expect(foo.stderr).toMatch(/^never heard of command \[foo\]\nUsage: brctl \[commands\]\ncommands:\n\taddbr     \t<bridge>\t\tadd bridge\n/);
    expect(foo.exit).toBe(1);
    expect(runCommand(twoHosts([], []), 'a', 'brctl').exit).toBe(1);
    expect(runCommand(twoHosts([], []), 'a', 'brctl -V').stdout).toBe('bridge-utils, 1.7\n');
  });
});
