import { describe, expect, it } from 'vitest';
import { parseSysctl } from '../command/files';
import { Network } from '../sim/network';
import { boot, runCommand } from '../sim/run';
import { sysctl } from './sysctl';
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

/*
 * sysctl -p / --system as procps-ng 4.0.2 loads files (tried on files in a temp dir, in a
 * namespace): `#` and `;` comments and blank lines skipped, `key = value` trimmed, a line with
 * no `=` reported first ("invalid syntax, continuing...") and not counted in the status, a
 * missing key reported and the status 1, -e silencing missing keys, -q the "key = value" lines.
 */
describe('sysctl -p FILE, --system, -e, -q (procps-ng sysctl.c Preload)', () => {
  const file = (path: string, lines: string[]) => [`cat > ${path} <<'EOF'`, ...lines, 'EOF'];
  const conf = ['# comment', '; another', '', 'net.ipv4.ip_forward = 1', '  net.ipv4.conf.all.rp_filter=2  ', '-net.ipv4.nosuch = 1', 'net.ipv4.ip_default_ttl = 65 ', 'bad line', 'net/ipv4/conf/lo/rp_filter = 1'];
  /** Boots `config`, then runs the sysctl words on the box as the tool: what it prints and its status. */
  const tool = (config: string[], words: string) => {
    const net = new Network(box(config));
    expect(boot(net)).toEqual([]);
    const parsed = parseSysctl(words.split(' ').map((text, i) => ({ text, column: i + 1 })), 1);
    return sysctl(net.stacks.get('r')!, parsed);
  };

  it('applies a file in order, reports bad lines first and missing keys, exits 1', () => {
    const r = tool(file('/etc/sysctl.d/a.conf', conf), '-p /etc/sysctl.d/a.conf');
    expect(r.stdout).toBe('net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.rp_filter = 2\nnet.ipv4.ip_default_ttl = 65\nnet.ipv4.conf.lo.rp_filter = 1\n');
    expect(r.stderr).toBe('sysctl: /etc/sysctl.d/a.conf(8): invalid syntax, continuing...\nsysctl: cannot stat /proc/sys/net/ipv4/nosuch: No such file or directory\n');
    expect(r.status).toBe(1);
  });

  it('-e ignores missing keys (exit 0), -q prints no settings, a missing file is named', () => {
    const cfg = file('/etc/sysctl.d/a.conf', conf);
    expect(tool(cfg, '-e -p /etc/sysctl.d/a.conf')).toMatchObject({ status: 0, stderr: 'sysctl: /etc/sysctl.d/a.conf(8): invalid syntax, continuing...\n' });
    expect(tool(cfg, '-q -p /etc/sysctl.d/a.conf')).toMatchObject({ status: 1, stdout: '' });
    expect(tool([], '-p')).toMatchObject({ status: 1, stderr: 'sysctl: cannot open "/etc/sysctl.conf": No such file or directory\n' });
    expect(tool([], '-e net.ipv4.nosuch')).toMatchObject({ status: 0, stderr: '' });
  });

  it('--system: sysctl.d files by name, then sysctl.conf; in a config the keys are set', () => {
    const cfg = [...file('/etc/sysctl.d/99-b.conf', ['net.ipv4.ip_default_ttl = 99']), ...file('/etc/sysctl.d/10-a.conf', ['net.ipv4.ip_default_ttl = 10', 'net.ipv4.ip_forward = 1']), ...file('/etc/sysctl.conf', ['net.ipv4.ip_default_ttl = 77'])];
    expect(tool(cfg, '--system').stdout).toBe('* Applying /etc/sysctl.d/10-a.conf ...\nnet.ipv4.ip_default_ttl = 10\nnet.ipv4.ip_forward = 1\n* Applying /etc/sysctl.d/99-b.conf ...\nnet.ipv4.ip_default_ttl = 99\n* Applying /etc/sysctl.conf ...\nnet.ipv4.ip_default_ttl = 77\n');
    const r = runCommand(box([...cfg, 'sysctl -p /etc/sysctl.d/10-a.conf /etc/sysctl.d/99-b.conf']), 'r', 'sysctl -n net.ipv4.ip_default_ttl net.ipv4.ip_forward');
    expect(r.configIssues).toEqual([]);
    expect(r.stdout).toBe('99\n1\n');
    const missing = runCommand(box(['sysctl -p /etc/sysctl.d/x.conf']), 'r', 'true');
    expect(missing.configIssues.map((i) => [i.line, i.column, i.message])).toEqual([[1, 11, 'sysctl: cannot open "/etc/sysctl.d/x.conf": No such file or directory']]);
  });

  it('a failed write makes the status 1, a failed read adds one (sysctl KEY KEY=V KEY)', () => {
    expect(tool([], 'net.ipv4.nosuch net.ipv4.nosuch2=1 net.ipv4.nosuch3').status).toBe(2);
    expect(tool([], 'net.ipv4.nosuch2=1 net.ipv4.nosuch3=1').status).toBe(1);
    expect(tool([], 'net.ipv4.nosuch2=1 net.ipv4.nosuch3 net.ipv4.nosuch4').status).toBe(3);
  });

  it('takes a quoted setting as one word: sysctl -w "net.ipv4.ip_forward=1"', () => {
    const r = runCommand(box(['sysctl -w "net.ipv4.ip_forward=1"']), 'r', 'sysctl net.ipv4.ip_forward');
    expect(r.stdout).toBe('net.ipv4.ip_forward = 1\n');
  });
});
