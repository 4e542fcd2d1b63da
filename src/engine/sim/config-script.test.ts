import { describe, expect, it } from 'vitest';
import { runCommand } from './run';
import { scenarioOf } from './testing';

/*
 * A device's config runs as bash runs a script (exit statuses of lists and groups) and
 * iptables-restore applies its input as iptables-nft 1.8.9 does (each checked in a namespace).
 */

const box = (config: string[]) => scenarioOf({ r: { ports: ['eth0'], config } }, []);
const issues = (config: string[]) => runCommand(box(config), 'r', 'true').configIssues.map((i) => [i.line, i.column, i.message]);
const save = (config: string[]) => {
  const r = runCommand(box(config), 'r', 'iptables-save');
  return { rules: r.stdout.split('\n').filter((l) => l.startsWith('-') || l.startsWith('*')), issues: r.configIssues.map((i) => [i.line, i.column, i.message]) };
};

describe('exit statuses in a config (bash: set -e ignores a failure that && or || tests)', () => {
  it('a failure handled by || (also inside a group) is not an error of the config; one at the end of a list is', () => {
    expect(issues(['ip link set nosuch up || ip link set eth0 up'])).toEqual([]);
    expect(issues(['{ ip link set nosuch up; ip link set eth0 up; } || { ip link set eth0 down; }'])).toEqual([]);
    expect(issues(['ip link set eth0 up && ip link set nosuch up'])).toEqual([[1, 36, 'Cannot find device "nosuch"']]);
    expect(issues(['{ ip link set eth0 up; ip link set nosuch up; }'])).toEqual([[1, 36, 'Cannot find device "nosuch"']]);
  });
  it('runs the right side of || only when the group failed, and a subshell\'s commands in order', () => {
    const r = runCommand(box(['{ ip link set nosuch up; } || { ip addr add 10.0.0.1/24 dev eth0; }', '( ip addr add 10.0.0.2/24 dev eth0 && ip link set eth0 up )']), 'r', 'ip -br addr show dev eth0');
    expect(r.stdout).toMatch(/10\.0\.0\.1\/24 10\.0\.0\.2\/24/);
  });
  it('runs a group written over several lines, and names the line of its failing command', () => {
    expect(issues(['{', '  ip link set eth0 up', '  ip link set nosuch up', '}'])).toEqual([[3, 15, 'Cannot find device "nosuch"']]);
    expect(issues(['{', '  ip link set nosuch up', '} || true'])).toEqual([]);
  });
  it('names the line of a continued command where the failing word is', () => {
    expect(issues(['ip link set \\', '  nosuch up'])).toEqual([[2, 3, 'Cannot find device "nosuch"']]);
  });
});

describe('set -e (bash: errexit exits the script at a command that fails untested)', () => {
  const addrs = (config: string[]) => runCommand(box(config), 'r', 'ip -br addr show dev eth0').stdout;
  it('stops the config at the first untested failure; not at one || handles, nor after set +e', () => {
    const r = runCommand(box(['set -eu', 'ip link set nosuch up', 'ip addr add 10.0.0.1/24 dev eth0']), 'r', 'ip -br addr show dev eth0');
    expect(r.configIssues.map((i) => [i.line, i.message])).toEqual([[2, 'Cannot find device "nosuch"']]);
    expect(r.stdout).not.toMatch(/10\.0\.0\.1/);
    expect(addrs(['set -e', 'ip link set nosuch up || true', 'ip addr add 10.0.0.1/24 dev eth0'])).toMatch(/10\.0\.0\.1/);
    expect(addrs(['set -e', 'set +e', 'ip link set nosuch up', 'ip addr add 10.0.0.1/24 dev eth0'])).toMatch(/10\.0\.0\.1/);
    expect(addrs(['set -o errexit', 'ip link set nosuch up; ip addr add 10.0.0.1/24 dev eth0'])).not.toMatch(/10\.0\.0\.1/);
  });
  it('accepts the options that change nothing here and refuses the others by name', () => {
    expect(issues(['set -x', 'set -o pipefail', 'set -euo pipefail'])).toEqual([]);
    expect(runCommand(box(['set -k']), 'r', 'true').configIssues.map((i) => i.message)).toEqual(['hairpin: set -k is not simulated (only -e, -u, -x, -o pipefail)']);
  });
});

describe('iptables-restore (nft): each table is committed at its COMMIT', () => {
  it('a rule the kernel refuses in the second table leaves the first applied and the second as it was, naming its line', () => {
    const r = save(['iptables -t nat -A POSTROUTING -j ACCEPT', 'iptables-restore <<EOF', '*filter', '-A INPUT -j DROP', 'COMMIT', '*nat', '-A PREROUTING -j ACCEPT', '-A FOO -j ACCEPT', 'COMMIT', 'EOF']);
    expect(r.issues).toEqual([[8, 4, 'iptables-restore: line 6 failed: No chain/target/match by that name.']]);
    expect(r.rules).toEqual(['*filter', '-A INPUT -j DROP', '*nat', '-A POSTROUTING -j ACCEPT']);
  });
  it('a line it cannot parse in the second table: the first stays applied, the error names the rule\'s line and column', () => {
    const r = save(['iptables-restore <<EOF', '*filter', '-A INPUT -s 10.0.0.1 -j DROP', 'COMMIT', '*nat', '-A PREROUTING -p tcp --dport 81 -j NOPE', 'COMMIT', 'EOF']);
    expect(r.issues).toEqual([[6, 36, "iptables-restore v1.8.9 (nf_tables): Chain 'NOPE' does not exist\nError occurred at line: 5\nTry `iptables-restore -h' or 'iptables-restore --help' for more information."]]);
    expect(r.rules).toEqual(['*filter', '-A INPUT -s 10.0.0.1/32 -j DROP']);
  });
  it('a missing COMMIT applies the tables before it', () => {
    const r = save(['iptables-restore <<EOF', '*filter', '-A INPUT -j DROP', 'COMMIT', '*nat', '-A PREROUTING -j ACCEPT', 'EOF']);
    expect(r.issues.map((i) => i[2])).toEqual(['iptables-restore: COMMIT expected at line 6']);
    expect(r.rules).toEqual(['*filter', '-A INPUT -j DROP']);
  });
  it('reads a file the config wrote (FILE or < FILE), with -n keeping what is there and -c taking the counters', () => {
    const file = ['cat > /etc/iptables/rules.v4 <<EOF', '*filter', '[5:300] -A INPUT -j ACCEPT', 'COMMIT', 'EOF'];
    expect(save([...file, 'iptables -A INPUT -j DROP', 'iptables-restore -w -n /etc/iptables/rules.v4']).rules).toEqual(['*filter', '-A INPUT -j DROP', '-A INPUT -j ACCEPT']);
    expect(save([...file, 'iptables -A INPUT -j DROP', 'iptables-restore < /etc/iptables/rules.v4']).rules).toEqual(['*filter', '-A INPUT -j ACCEPT']);
    const counted = runCommand(box([...file, 'iptables-restore -c /etc/iptables/rules.v4']), 'r', 'iptables -L INPUT -v -n');
    expect(counted.stdout.split('\n')[2]).toMatch(/^ +5 +300 ACCEPT/);
    expect(issues(['iptables-restore /etc/iptables/rules.v4'])).toEqual([[1, 18, "Can't open /etc/iptables/rules.v4: No such file or directory"]]);
  });
});
