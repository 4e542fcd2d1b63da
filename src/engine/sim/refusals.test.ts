import { describe, expect, it } from 'vitest';
import { runCommand } from './run';
import { scenarioOf } from './testing';

/*
 * Inputs that used to crash the engine (the CLI's exit 70) or run for ever now get what the
 * real tools print and return (iputils 20221126, traceroute 2.1.2, BIND 9.18 dig/host,
 * netcat-openbsd, curl 7.88, glibc 2.36 getaddrinfo; each tried in a network namespace).
 */

const L64 = 'a'.repeat(64);
const L63 = 'a'.repeat(63);

function lan() {
  return scenarioOf(
    {
      c: { ports: ['eth0'], config: ['ip addr add 10.0.0.1/24 dev eth0', "echo 'nameserver 10.0.0.2' > /etc/resolv.conf"] },
      d: { ports: ['eth0'], config: ['ip addr add 10.0.0.2/24 dev eth0', 'dnsmasq --no-resolv &'] },
    },
    [['c:eth0', 'd:eth0']],
  );
}
const on = (command: string) => {
  const r = runCommand(lan(), 'c', command);
  return { out: r.stdout + r.stderr, exit: r.exit };
};

describe('names that cannot be DNS names (dns_name_fromtext, res_mkquery)', () => {
  const cases: [string, string, number][] = [
    ['ping -c 1 a..b', 'ping: a..b: Name or service not known\n', 2],
    [`ping -c 1 ${L64}.com`, `ping: ${L64}.com: Name or service not known\n`, 2],
    ['nc -z -w 1 a..b 80', 'nc: getaddrinfo for host "a..b" port 80: Name or service not known\n', 1],
    ['curl -sS http://a..b/', 'curl: (6) Could not resolve host: a..b\n', 6],
    ['traceroute -n a..b', "a..b: Name or service not known\nCannot handle \"host\" cmdline arg `a..b' on position 1 (argc 2)\n", 2],
    ['host a..b', "host: 'a..b' is not a legal name (empty label)\n", 1],
    [`host ${L64}.com`, `host: '${L64}.com' is not a legal name (label too long)\n`, 1],
    ['dig +short .a', "dig: '.a' is not a legal name (empty label)\n", 10],
    [`dig +short ${L64}.com`, `dig: '${L64}.com' is not a legal name (label too long)\n`, 10],
    [`dig +short ${L63}.${L63}.${L63}.${L63}.com`, `dig: '${L63}.${L63}.${L63}.${L63}.com' is not a legal name (ran out of space)\n`, 10],
  ];
  for (const [command, out, exit] of cases) it(command.length > 40 ? `${command.slice(0, 40)}…` : command, () => expect(on(command)).toEqual({ out, exit }));
});

describe('option values the tools refuse', () => {
  const cases: [string, string, number][] = [
    ['dig +tries=4294967296 x', "invalid tries '4294967296': out of range\ndig: Couldn't parse tries\n", 10],
    ['dig +retry=abc x', "invalid retries 'abc': not a valid number\ndig: Couldn't parse retries\n", 10],
    ['dig +time=1.5 x', "invalid timeout '1.5': not a valid number\ndig: Couldn't parse timeout\n", 10],
    ['dig -p abc x', "invalid port number 'abc': not a valid number\ndig: Couldn't parse port number\n", 1],
    ['dig -p 70000 x', "invalid port number '70000': out of range\ndig: Couldn't parse port number\n", 1],
    ['traceroute -f 0 10.0.0.2', 'first hop out of range\n', 2],
    ['traceroute -n -f 0.5 10.0.0.2', "Cannot handle `-f' option with arg `0.5' (argc 3)\n", 2],
    ['traceroute -n -m 0.0001 10.0.0.2', "Cannot handle `-m' option with arg `0.0001' (argc 3)\n", 2],
    ['traceroute -m 4294967296 10.0.0.2', 'first hop out of range\n', 2],
    ['traceroute -m 256 10.0.0.2', 'max hops cannot be more than 255\n', 2],
    ['traceroute -m -1 10.0.0.2', 'max hops cannot be more than 255\n', 2],
    ['traceroute -q 99999999999999999999 10.0.0.2', 'no more than 10 probes per hop\n', 2],
    ['traceroute -q 0 10.0.0.2', 'no more than 10 probes per hop\n', 2],
    ['traceroute -w -1 10.0.0.2', "bad wait specifications `-1,0,0' used\n", 2],
    ['arping -c abc 10.0.0.2', "arping: invalid argument: 'abc'\n", 1],
    ['arping -c 0 10.0.0.2', "arping: invalid argument: '0': out of range: 1 <= value <= 2147483647\n", 1],
    ['arping -w NaN 10.0.0.2', "arping: invalid argument: 'NaN'\n", 1],
    ['arping -w -1 10.0.0.2', "arping: invalid argument: '-1': out of range: 0 <= value <= 2147483647\n", 1],
    ['ping -I a..b -c 1 10.0.0.2', 'ping: SO_BINDTODEVICE a..b: No such device\n', 2],
    ['ping -I 10.0.0.9 -c 1 10.0.0.2', 'ping: bind: Cannot assign requested address\n', 2],
    ['nc -s a..b -z -w 1 10.0.0.2 80', 'nc: getaddrinfo: Name or service not known\n', 1],
  ];
  for (const [command, out, exit] of cases) it(command, () => expect(on(command)).toEqual({ out, exit }));

  it('traceroute reads -m like strtol into an int: 4294967297 is 1', () => {
    expect(on('traceroute -n -q 1 -m 4294967297 10.0.0.2')).toEqual({ out: 'traceroute to 10.0.0.2 (10.0.0.2), 1 hops max, 60 byte packets\n 1  10.0.0.2  0.040 ms\n', exit: 0 });
  });

  it('dig +tries=4294967295 against a silent server ends at the run budget instead of building the list of tries', () => {
    const r = runCommand(lan(), 'c', 'dig +tries=4294967295 +time=1 @10.0.0.9 x');
    expect(r.stopReason).toBe('time-limit');
    expect(r.stdout.split('\n').filter((l) => l.includes('communications error')).length).toBeGreaterThan(30);
  });
});

describe('ping without -c at the end of the run: SIGINT, as Ctrl+C', () => {
  it('prints the statistics and exits 0 when replies came', () => {
    const r = runCommand(lan(), 'c', 'ping 10.0.0.2');
    expect(r.stdout).toMatch(/\n--- 10\.0\.0\.2 ping statistics ---\n120 packets transmitted, 120 received, 0% packet loss, time 119\d{3}ms\nrtt min\/avg\/max\/mdev = [\d./]+ ms\n$/);
    expect(r.stderr).toBe('hairpin: interrupted (SIGINT, as Ctrl+C) after 120 s of simulated time\n');
    expect(r.exit).toBe(0);
  });

  it('exits 1 when none came', () => {
    const r = runCommand(lan(), 'c', 'ping 10.0.0.9');
    expect(r.stdout).toContain('\n--- 10.0.0.9 ping statistics ---\n');
    expect(r.exit).toBe(1);
  });
});

describe('refused config lines are underlined where the problem is', () => {
  it('"Cannot find device" points at the device name', () => {
    const r = runCommand(scenarioOf({ c: { ports: ['eth0'], config: ['ip addr add 10.0.0.1/24 dev eth9', 'ip route add 10.1.0.0/16 dev eth7'] } }, []), 'c', 'true');
    expect(r.configIssues.map((i) => [i.line, i.column, i.message])).toEqual([
      [1, 29, 'Cannot find device "eth9"'],
      [2, 30, 'Cannot find device "eth7"'],
    ]);
  });
});

describe('ip neigh without a link-layer address (neigh_add, iproute2 6.1)', () => {
  it('add/replace in a valid state need one, change needs an entry; a known entry keeps its address', () => {
    const r = runCommand(
      scenarioOf({ c: { ports: ['eth0'], config: [
        'ip addr add 10.0.0.1/24 dev eth0',
        'ip neigh add 10.0.0.51 dev eth0',
        'ip neigh replace 10.0.0.52 dev eth0 nud reachable',
        'ip neigh add 10.0.0.56 lladdr null dev eth0',
        'ip neigh change 10.0.0.50 dev eth0',
        'ip neigh add 10.0.0.60 lladdr 02:00:00:00:00:60 dev eth0',
        'ip neigh change 10.0.0.60 dev eth0 nud reachable',
      ] } }, []),
      'c',
      'ip neigh',
    );
    expect(r.configIssues.map((i) => [i.line, i.message])).toEqual([
      [2, 'Error: No link layer address given.'],
      [3, 'Error: No link layer address given.'],
      [4, 'Error: No link layer address given.'],
      [5, 'RTNETLINK answers: No such file or directory'],
    ]);
    expect(r.stdout).toBe('10.0.0.60 dev eth0 lladdr 02:00:00:00:00:60 REACHABLE \n');
  });
});
