import { describe, expect, it } from 'vitest';
import { NS } from '../tools/process';
import { routed, run, tcpdumpIp, twoHosts } from './testing';

/*
 * Pipelines and command substitution in flows, as sh runs them: every stage starts at once,
 * a stage's stdout is the next one's stdin, EOF when the writer exits, and the pipeline's
 * status is its last command's; `$(…)` runs first and its output (trailing newlines removed,
 * split at blanks unless quoted) becomes words of the command.
 */

const lan = () => twoHosts(['ip addr add 10.0.0.1/24 dev eth0', 'ip route add default via 10.0.0.254'], ['ip addr add 10.0.0.2/24 dev eth0', 'nc -lk 8080 &', 'nc -u -l 5000 &']);

describe('pipelines', () => {
  it('feeds one command to the next: ip route | grep default prints the default route', () => {
    const r = run(lan(), 'a', 'ip route | grep default');
    expect(r).toMatchObject({ exit: 0, stdout: 'default via 10.0.0.254 dev eth0 \n', stderr: '' });
    expect(run(lan(), 'a', 'ip route | grep -c 10.0.0.0/24').stdout).toBe('1\n');
  });
  it("exits with the last command's status (sh without pipefail)", () => {
    expect(run(lan(), 'a', 'ip route | grep blackhole').exit).toBe(1);
    expect(run(lan(), 'a', 'false | true').exit).toBe(0);
    expect(run(lan(), 'a', 'true | false').exit).toBe(1);
    expect(run(lan(), 'a', 'ip route | grep -q blackhole || echo none').stdout).toBe('none\n');
  });
  it("bash's wait: the list goes on once every background job has ended (and at once when none runs)", () => {
    const r = run(lan(), 'a', 'ping -c 3 -i 0.5 10.0.0.2 > /dev/null & wait; ip route | grep -c default');
    expect(r).toMatchObject({ exit: 0, stdout: '1\n' });
    expect(r.endedAt).toBeGreaterThanOrEqual(NS);
    expect(run(lan(), 'a', 'sleep 1 & echo started').endedAt).toBeLessThan(NS);
    expect(run(lan(), 'a', 'wait && echo none').stdout).toBe('none\n');
  });
  it('waits for every stage, not just the last one', () => {
    const r = run(lan(), 'a', 'sleep 1 | true');
    expect(r.exit).toBe(0);
    expect(r.endedAt).toBeGreaterThanOrEqual(NS);
  });
  it('ends a writer whose reader exited (SIGPIPE) on its next write, once', () => {
    const r = run(lan(), 'a', 'ping -c 3 10.0.0.2 | true');
    expect(r).toMatchObject({ exit: 0, stdout: '', stderr: '' });
    // ping's second reply line is the write that meets the closed pipe: it stops there.
    expect(r.endedAt).toBeLessThan(2 * NS);
  });
  it('sends stderr down the pipe with 2>&1, and not without it', () => {
    const r = run(lan(), 'a', 'cat /etc/nothing 2>&1 | grep -c directory');
    expect(r).toMatchObject({ exit: 0, stdout: '1\n', stderr: '' });
    const s = run(lan(), 'a', 'cat /etc/nothing | grep -c directory');
    expect(s).toMatchObject({ exit: 1, stdout: '0\n', stderr: 'cat: /etc/nothing: No such file or directory\n' });
  });
});

describe('nc sends what it reads on stdin (netcat-openbsd 1.219)', () => {
  it('TCP: the piped text goes in one segment after the handshake; EOF on stdin sends no FIN; -w 1 idle closes', () => {
    const r = run(lan(), 'a', 'echo hello | nc -w 1 10.0.0.2 8080');
    expect(r.exit).toBe(0);
    const lines = tcpdumpIp(r, 'a:eth0').filter((l) => l.includes('.8080') || l.includes(' > 10.0.0.1.'));
    const data = lines.findIndex((l) => l.includes('length 6'));
    expect(data).toBeGreaterThan(2);
    expect(lines.slice(0, data).some((l) => /Flags \[F/.test(l))).toBe(false);
    // The FIN comes from nc's idle timeout, a second after the data.
    expect(lines.slice(data + 1).find((l) => /Flags \[F/.test(l))).toContain('10.0.0.1.');
    expect(r.endedAt).toBeGreaterThan(NS);
  });
  it('-N sends the FIN at EOF on stdin, next after the data; the peer closes and nc ends at once', () => {
    const r = run(lan(), 'a', 'echo hello | nc -N 10.0.0.2 8080');
    expect(r.exit).toBe(0);
    // nc's own segments: the data, then (its next pass through poll) the FIN.
    const sent = tcpdumpIp(r, 'a:eth0').filter((l) => l.includes(' > 10.0.0.2.8080:'));
    expect(sent.findIndex((l) => /Flags \[F/.test(l))).toBe(sent.findIndex((l) => l.includes('length 6')) + 1);
    expect(r.endedAt).toBeLessThan(NS / 10);
  });
  it('-q 1 sends the FIN at EOF on stdin and quits a second later, whatever the peer does', () => {
    const r = run(lan(), 'a', 'echo hello | nc -q 1 10.0.0.2 8080');
    expect(r.exit).toBe(0);
    expect(tcpdumpIp(r, 'a:eth0').some((l) => /^IP 10\.0\.0\.1\.\d+ > 10\.0\.0\.2\.8080: Flags \[F/.test(l))).toBe(true);
    expect(r.endedAt).toBeGreaterThan(NS);
    const u = run(lan(), 'a', 'echo q | nc -u -q 1 10.0.0.2 5000');
    expect(u.exit).toBe(0);
    expect(u.endedAt).toBeGreaterThan(NS);
  });
  it('refuses a -q that is not a number, as nc does', () => {
    expect(run(lan(), 'a', 'echo q | nc -q abc 10.0.0.2 8080')).toMatchObject({ exit: 1, stderr: 'nc: quit timer invalid: abc\n' });
  });
  it('-z sends nothing even with input on stdin', () => {
    const r = run(lan(), 'a', 'echo hello | nc -z -w 1 10.0.0.2 8080');
    expect(r.exit).toBe(0);
    expect(tcpdumpIp(r, 'a:eth0').some((l) => /length [1-9]/.test(l) && l.includes('8080'))).toBe(false);
  });
  it('an HTTP/1.0 request through nc: the server answers and closes, and nc closes after it', () => {
    const s = routed([], ['python3 -m http.server 80 &']);
    const r = run(s, 'client', "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc 10.0.2.2 80");
    expect(r.exit).toBe(0);
    expect(r.stdout).toMatch(/^HTTP\/1\.0 200 OK\r\n/);
    expect(tcpdumpIp(r, 'client:eth0').some((l) => l.includes('> 10.0.2.2.80:') && l.includes('length 18'))).toBe(true);
  });
  it('UDP: one datagram per write; -w 1 ends it a second later with status 0', () => {
    const r = run(lan(), 'a', 'echo q | nc -u -w 1 10.0.0.2 5000');
    expect(r.exit).toBe(0);
    expect(tcpdumpIp(r, 'a:eth0').filter((l) => l.includes('UDP'))).toEqual([expect.stringMatching(/10\.0\.0\.1\.\d+ > 10\.0\.0\.2\.5000: UDP, length 2$/)]);
    expect(r.endedAt).toBeGreaterThan(NS);
  });
  it('UDP to a closed port: the ICMP port unreachable ends nc at once, status 0', () => {
    const r = run(lan(), 'a', 'echo q | nc -u -w 1 10.0.0.2 53');
    expect(r.exit).toBe(0);
    expect(tcpdumpIp(r, 'a:eth0').some((l) => l.includes('udp port 53 unreachable'))).toBe(true);
    expect(r.endedAt).toBeLessThan(NS / 10);
  });
});

describe('command substitution in flows: $(…) that only reads', () => {
  it('runs the inner command first and uses its output as words', () => {
    const s = twoHosts(['ip addr add 10.0.0.1/24 dev eth0', "echo '10.0.0.2 web' >> /etc/hosts"], ['ip addr add 10.0.0.2/24 dev eth0']);
    const r = run(s, 'a', "ip route get $(grep web /etc/hosts | grep -o '^[0-9.]*')");
    expect(r).toMatchObject({ exit: 0, stderr: '' });
    expect(r.stdout).toMatch(/^10\.0\.0\.2 dev eth0 src 10\.0\.0\.1/);
  });
  it('splits unquoted output into words and keeps quoted output as one', () => {
    const s = lan();
    expect(run(s, 'a', 'echo $(printf "a  b\\n\\n")x').stdout).toBe('a bx\n');
    expect(run(s, 'a', 'echo "$(printf "a  b\\n\\n")"x').stdout).toBe('a  bx\n');
    expect(run(s, 'a', 'echo x$(true)y').stdout).toBe('xy\n');
    expect(run(s, 'a', 'echo x $(true) y').stdout).toBe('x y\n');
  });
  it('passes Ctrl+C at the time limit to the command that ran from the substitution (ping prints its statistics)', () => {
    const r = run(lan(), 'a', 'ping $(echo 10.0.0.2)');
    expect(r.exit).toBe(0);
    expect(r.stdout).toContain('--- 10.0.0.2 ping statistics ---');
    expect(r.stderr).toContain('interrupted (SIGINT');
  });
  it('parses the command once the substitution ran: an empty result is the tool’s own error', () => {
    const r = run(lan(), 'a', 'ip route get $(true)');
    expect(r.exit).not.toBe(0);
    expect(r.stderr).not.toBe('');
  });
});
