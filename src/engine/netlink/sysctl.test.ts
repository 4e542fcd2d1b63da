import { describe, expect, it } from 'vitest';
import { runCommand } from '../sim/run';
import { scenarioOf } from '../sim/testing';

/*
 * procps-ng 4.0.2's sysctl as it behaves in a network namespace: arguments run in command-line
 * order, a missing or refused key is reported and the rest still run, the exit status counts
 * the failures. Config lines and flow commands take the same path.
 */

const box = (config: string[] = []) => scenarioOf({ r: { kind: 'router', ports: ['eth0'], config } }, []);

describe('sysctl (procps-ng sysctl.c)', () => {
  it('goes on past a missing key, in a flow as in the lab', () => {
    const r = runCommand(box(), 'r', 'sysctl net.ipv4.ip_default_ttl net.ipv4.nope net.ipv4.neigh.eth0.retrans_time_ms');
    expect(r.stdout).toBe('net.ipv4.ip_default_ttl = 64\nnet.ipv4.neigh.eth0.retrans_time_ms = 1000\n');
    expect(r.stderr).toBe('sysctl: cannot stat /proc/sys/net/ipv4/nope: No such file or directory\n');
    expect(r.exit).toBe(1);
  });

  it('the exit status is the number of keys that failed', () => {
    const r = runCommand(box(), 'r', 'sysctl net.ipv4.nope net.ipv4.ip_forward net.ipv4.nope2 net.ipv4.ip_default_ttl');
    expect(r.stdout).toBe('net.ipv4.ip_forward = 0\nnet.ipv4.ip_default_ttl = 64\n');
    expect(r.stderr).toBe('sysctl: cannot stat /proc/sys/net/ipv4/nope: No such file or directory\nsysctl: cannot stat /proc/sys/net/ipv4/nope2: No such file or directory\n');
    expect(r.exit).toBe(2);
  });

  it('a write to a missing key does not stop the writes after it', () => {
    const r = runCommand(box(['sysctl -w net.ipv4.nope=1 net.ipv4.ip_forward=1']), 'r', 'sysctl -n net.ipv4.ip_forward');
    expect(r.configIssues.map((i) => i.message)).toEqual(['sysctl: cannot stat /proc/sys/net/ipv4/nope: No such file or directory']);
    expect(r.stdout).toBe('1\n');
  });

  it('a config line reads and writes in argument order: `sysctl KEY=V KEY` sets, then reads', () => {
    const r = runCommand(box(['sysctl net.ipv4.ip_forward=1 net.ipv4.neigh.eth0.retrans_time_ms net.ipv4.nope net.ipv4.ip_default_ttl=65']), 'r', 'sysctl -n net.ipv4.ip_default_ttl');
    expect(r.configIssues.map((i) => i.message)).toEqual(['sysctl: cannot stat /proc/sys/net/ipv4/nope: No such file or directory']);
    expect(r.stdout).toBe('65\n');
  });

  it('in a config line the refusal is an issue at the failing key, and the keys after it still apply', () => {
    const line = 'sysctl net.ipv4.nope net.ipv4.ip_forward=1';
    const r = runCommand(box([line]), 'r', 'sysctl -n net.ipv4.ip_forward');
    expect(r.configIssues).toMatchObject([{ line: 1, column: line.indexOf('net.ipv4.nope') + 1, message: 'sysctl: cannot stat /proc/sys/net/ipv4/nope: No such file or directory' }]);
    expect(r.stdout).toBe('1\n');
  });
});
