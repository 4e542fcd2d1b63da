/**
 * Property-based fuzzing of the engine: every command family (ip addr/link/route/rule/neigh with
 * their flushes, iptables with its matches, targets and user chains, iptables-restore, sysctl,
 * file writes, the traffic tools, dnsmasq, conntrack), in valid, man-page and near-valid forms
 * (numbers at their bounds, names with empty or 64-byte labels, one token mutated), each run as
 * a config line and as a flow command on a small network. Whatever the line, the engine
 * answers: no exception (the CLI's exit 70), every run ends within its event budget (events
 * are counted, never time), and every refusal of a config line names a line and a column in it.
 * Run counts and seed: src/fuzz-support.ts (`npm run fuzz` for a long run).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutated, params, TEST_TIMEOUT } from '../../fuzz-support';
import { parseConfigScript } from '../command/iptables-restore';
import { parseFlowLine } from '../command/parse';
import type { Process } from '../tools/process';
import { Network } from './network';
import { applyConfigLine, boot, runOn } from './run';
import { scenarioOf } from './testing';

/** client — router (MASQUERADE) — server with a web server, a listener and dnsmasq. */
const SCENARIO = scenarioOf(
  {
    client: { ports: ['eth0'], config: ['ip addr add 10.0.1.2/24 dev eth0', 'ip route add default via 10.0.1.1', "echo 'nameserver 10.0.2.2' > /etc/resolv.conf"] },
    router: {
      kind: 'router',
      ports: ['eth0', 'eth1'],
      config: ['sysctl -w net.ipv4.ip_forward=1', 'ip addr add 10.0.1.1/24 dev eth0', 'ip addr add 10.0.2.1/24 dev eth1', 'iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE', "echo '10.0.2.2 web' >> /etc/hosts"],
    },
    server: { ports: ['eth0'], config: ['ip addr add 10.0.2.2/24 dev eth0', 'ip route add default via 10.0.2.1', "echo '10.0.2.2 web' >> /etc/hosts", 'nc -lk 80 &', 'dnsmasq --no-resolv &'] },
  },
  [
    ['client:eth0', 'router:eth0'],
    ['router:eth1', 'server:eth0'],
  ],
);

/** Lines per network: one boot serves a batch, so the cost per line stays low. */
const BATCH = 25;
/** Events one flow may take here (the engine's own budget is 1,000,000): plenty for a few pings. */
const FLOW_EVENTS = 4_000;

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
/** Numbers real commands take, and the ones at and past their bounds. */
const num = pick('0', '1', '2', '3', '5', '30', '80', '255', '256', '65535', '65536', '-1', '0.5', 'NaN', '1e3', '0x10', '2147483647', '2147483648', '4294967295', '4294967296', '99999999999999999999', '');
const small = pick('1', '2', '3', '0', '-1', '0.5', 'NaN', '4294967296', 'abc');
const addr = pick('10.0.1.1', '10.0.1.2', '10.0.2.1', '10.0.2.2', '10.0.9.9', '127.0.0.1', '0.0.0.0', '255.255.255.255', '8.8.8.8', '10.0.1', '10.0.1.256', '1.2.3.4.5');
const prefix = fc.oneof(addr, fc.tuple(addr, num).map(([a, n]) => `${a}/${n}`), pick('default', '10.0.0.0/8', '10.0.1.0/24', '0.0.0.0/0', '10.9.0.0/16'));
const dev = pick('eth0', 'eth1', 'lo', 'nope', 'a..b', 'eth0.1', 'x'.repeat(16));
const host = pick('10.0.2.2', '10.0.1.1', '10.0.9.9', 'web', 'localhost', 'nosuch.example', 'a..b', '.a', `${'a'.repeat(64)}.com`, `${'a'.repeat(63)}.`.repeat(4), 'example.com.', '');
const table = pick('main', 'local', 'default', '100', '0', '255', '4294967295', '4294967296', 'nosuch', 'all');
const mark = pick('0x1', '1', '0x1/0xff', '0xffffffff', '4294967296', '-1', 'x');
const chain = pick('PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING', 'DOCKER', 'KUBE-SEP-X', 'zone_lan', 'NOPE');
const userChain = pick('DOCKER', 'KUBE-SEP-X', 'zone_lan');
const opt = (a: fc.Arbitrary<string>) => fc.oneof(fc.constant(''), a);
const join = (...parts: fc.Arbitrary<string>[]) => fc.tuple(...parts).map((xs) => xs.filter((x) => x !== '').join(' '));
const lit = (s: string) => fc.constant(s);

const match = fc.oneof(
  prefix.map((p) => `-s ${p}`), prefix.map((p) => `! -d ${p}`), dev.map((d) => `-i ${d}`), dev.map((d) => `-o ${d}`),
  num.map((n) => `-p tcp --dport ${n}`), fc.tuple(num, num).map(([a, b]) => `-p udp --sport ${a}:${b}`), lit('-p icmp --icmp-type echo-request'),
  lit('-p tcp --syn'), lit('-p tcp --tcp-flags SYN,ACK SYN'), pick('-m conntrack --ctstate NEW,ESTABLISHED', '-m state --state INVALID', '-m conntrack ! --ctstate RELATED'),
  mark.map((m) => `-m mark --mark ${m}`), mark.map((m) => `-m connmark --mark ${m}`), small.map((p) => `-m statistic --mode random --probability ${p}`),
  fc.tuple(small, small).map(([e, p]) => `-m statistic --mode nth --every ${e} --packet ${p}`), pick('-m addrtype --dst-type LOCAL', '-m addrtype --src-type UNICAST --limit-iface-in'),
  fc.tuple(num, num).map(([a, b]) => `-p tcp -m multiport --dports ${a},${b}`), lit('-m comment --comment "a b"'),
);
const target = fc.oneof(
  pick('ACCEPT', 'DROP', 'RETURN', 'REJECT', 'REJECT --reject-with tcp-reset', 'LOG --log-prefix "x: "', 'MASQUERADE', 'MASQUERADE --random-fully', 'CONNMARK --save-mark', 'CONNMARK --restore-mark'),
  addr.map((a) => `SNAT --to-source ${a}`), fc.tuple(addr, num).map(([a, n]) => `DNAT --to-destination ${a}:${n}`), num.map((n) => `REDIRECT --to-ports ${n}`),
  num.map((n) => `MASQUERADE --to-ports ${n}`), mark.map((m) => `MARK --set-mark ${m}`), mark.map((m) => `CONNMARK --set-mark ${m}`), userChain, userChain.map((c) => `${c} -g`),
  pick('TCPMSS --clamp-mss-to-pmtu', 'CHECKSUM --checksum-fill', 'CT --notrack', 'NOTRACK', 'TTL --ttl-dec 1', 'DSCP --set-dscp-class EF', 'TOS --set-tos Minimize-Delay', 'CLASSIFY --set-class 1:10', 'LOG --log-tcp-options --log-uid'),
  num.map((n) => `TCPMSS --set-mss ${n}`), small.map((n) => `TTL --ttl-set ${n}`), mark.map((m) => `TOS --xor-tos ${m}`),
);
const rule = join(fc.array(match, { maxLength: 3 }).map((m) => m.join(' ')), target.map((t) => (t.endsWith(' -g') ? `-g ${t.slice(0, -3)}` : `-j ${t}`)));
const tableOpt = opt(pick('-t nat', '-t mangle', '-t raw', '-t filter', '-t security', '-t nope'));
const iptables = fc.oneof(
  { weight: 6, arbitrary: join(lit('iptables'), tableOpt, pick('-A', '-I', '-C', '-D'), chain, rule) },
  { weight: 2, arbitrary: join(lit('iptables'), tableOpt, pick('-I', '-R', '-D'), chain, num, opt(rule)) },
  { weight: 2, arbitrary: join(lit('iptables'), tableOpt, pick('-N', '-X', '-F', '-Z', '-P', '-E', '-S', '-L -n -v'), opt(chain), opt(pick('DROP', 'ACCEPT', 'NEW'))) },
);

const ipLines = fc.oneof(
  join(lit('ip addr'), pick('add', 'del', 'change', 'replace'), prefix, lit('dev'), dev, opt(pick('scope host', 'scope link', 'label eth0:1', 'broadcast +'))),
  join(lit('ip addr flush'), opt(lit('dev')), opt(dev), opt(prefix.map((p) => `to ${p}`)), opt(pick('scope global', 'scope nowhere'))),
  join(lit('ip link set'), opt(lit('dev')), dev, pick('up', 'down', 'mtu 1400', 'mtu 0', 'mtu 65536', 'address 02:00:00:00:00:99', 'address zz')),
  join(lit('ip route'), pick('add', 'replace', 'del', 'append', 'change'), opt(pick('blackhole', 'unreachable', 'prohibit', 'local', 'throw', 'nat')), prefix, opt(addr.map((a) => `via ${a}`)), opt(dev.map((d) => `dev ${d}`)), opt(num.map((n) => `metric ${n}`)), opt(table.map((t) => `table ${t}`)), opt(pick('onlink', 'scope link', 'proto static', 'src 10.0.1.1'))),
  join(lit('ip route flush'), opt(pick('table', 'dev', 'cache', 'proto')), opt(fc.oneof(table, dev)), opt(prefix)),
  join(lit('ip rule'), pick('add', 'del'), opt(prefix.map((p) => `from ${p}`)), opt(prefix.map((p) => `to ${p}`)), opt(mark.map((m) => `fwmark ${m}`)), opt(dev.map((d) => `iif ${d}`)), opt(num.map((n) => `priority ${n}`)), opt(fc.oneof(table.map((t) => `lookup ${t}`), pick('prohibit', 'blackhole', 'unreachable'), num.map((n) => `goto ${n}`)))),
  join(lit('ip neigh'), pick('add', 'replace', 'del', 'change'), addr, opt(pick('lladdr 02:00:00:00:00:07', 'lladdr zz', 'lladdr null')), lit('dev'), dev, opt(pick('nud permanent', 'nud reachable', 'nud stale', 'nud noarp', 'nud bogus'))),
  join(lit('ip neigh flush'), opt(pick('all', 'dev eth0', 'dev eth1', 'dev nope', 'nud all', 'nud permanent', 'to 10.0.0.0/8', 'eth0'))),
  join(lit('ip route get'), addr, opt(addr.map((a) => `from ${a}`)), opt(dev.map((d) => `iif ${d}`)), opt(dev.map((d) => `oif ${d}`)), opt(mark.map((m) => `mark ${m}`))),
  pick('ip addr', 'ip -br addr show dev eth0', 'ip route show table all', 'ip rule', 'ip neigh', 'ip -s link show', 'ip route show cache'),
);

const sysctlLines = fc.oneof(
  join(lit('sysctl -w'), pick('net.ipv4.ip_forward', 'net.ipv4.conf.all.rp_filter', 'net.ipv4.conf.eth0.arp_ignore', 'net.ipv4.conf.nope.rp_filter', 'net.ipv4.ip_default_ttl', 'kernel.x').chain((k) => num.map((n) => `${k}=${n}`))),
  join(lit('echo'), num, pick('>', '>>'), pick('/proc/sys/net/ipv4/ip_forward', '/proc/sys/net/ipv4/conf/eth0/proxy_arp', '/proc/sys/net/nope')),
  fc.tuple(addr, host).map(([a, h]) => `echo '${a} ${h}' >> /etc/hosts`), addr.map((a) => `echo 'nameserver ${a}' > /etc/resolv.conf`),
  fc.tuple(num, host).map(([n, h]) => `echo '${n} ${h}' >> /etc/iproute2/rt_tables`), pick('sysctl net.ipv4.ip_forward', 'sysctl -a', 'cat /proc/sys/net/ipv4/ip_forward'),
);

const toolLines = fc.oneof(
  join(lit('ping'), opt(small.map((n) => `-c ${n}`)), opt(small.map((n) => `-W ${n}`)), opt(pick('-i 0.2', '-i 0', '-i 0.002')), opt(fc.oneof(dev, host).map((d) => `-I ${d}`)), opt(num.map((n) => `-t ${n}`)), opt(lit('-n')), host),
  join(lit('nc'), pick('-z', '-zv', '-u', '-z -u'), opt(small.map((n) => `-w ${n}`)), opt(host.map((h) => `-s ${h}`)), opt(num.map((n) => `-p ${n}`)), host, num),
  fc.tuple(small, host, num).map(([m, h, p]) => `curl -s -m ${m} http://${h}:${p}/`),
  join(lit('dig'), opt(num.map((n) => `+tries=${n}`)), opt(small.map((n) => `+time=${n}`)), opt(num.map((n) => `+retry=${n}`)), opt(num.map((n) => `-p ${n}`)), opt(addr.map((a) => `@${a}`)), host, opt(pick('A', 'AAAA', 'MX', 'PTR', '+short'))),
  join(lit('host'), opt(small.map((n) => `-W ${n}`)), host, opt(addr)),
  join(lit('traceroute -n'), opt(num.map((n) => `-f ${n}`)), opt(num.map((n) => `-m ${n}`)), opt(num.map((n) => `-q ${n}`)), opt(small.map((n) => `-w ${n}`)), opt(pick('-I', '-T')), host),
  join(lit('arping'), opt(num.map((n) => `-c ${n}`)), opt(num.map((n) => `-w ${n}`)), opt(dev.map((d) => `-I ${d}`)), opt(pick('-U', '-D', '-f')), fc.oneof(addr, host)),
  join(lit('dnsmasq'), opt(pick('--no-resolv', '-R', '-h')), opt(addr.map((a) => `-S ${a}`)), opt(fc.oneof(addr, host).map((a) => `--server=${a}`)), opt(pick('-H /etc/hosts', '-H /etc/nope', '--addn-hosts=/x')), opt(fc.tuple(host, addr).map(([h, a]) => `--address=/${h}/${a}`)), opt(num.map((n) => `-p ${n}`)), opt(lit('&'))),
  join(lit('nc -l'), opt(lit('-k')), opt(lit('-u')), num, lit('&')),
  pick('conntrack -F', 'conntrack -L', 'conntrack -F expect', 'conntrack', 'bridge fdb show', 'sleep 1', 'true && false || true'),
  pick('dmesg', 'dmesg -c', 'dmesg -C', 'dmesg -t -l warn,info', 'dmesg -x', 'dmesg -z'),
);

/** Pipelines and $(…): text into nc, tool output through grep, an answer spliced into a command. */
const grepFilter = fc.tuple(pick('grep', 'grep -c', 'grep -v', 'grep -E', 'grep -o -E', 'grep -q', 'grep -w -i', 'grep -x', 'grep -n -F'), pick('default', "'eth[0-9]'", "'('", "'\\('", "'[[:digit:]]+'", "'a{2,'", "''", 'ttl'))
  .map(([g, p]) => `${g} ${p}`);
const pipeLines = fc.oneof(
  fc.tuple(fc.oneof(ipLines, pick('ping -c 1 -W 1 10.0.2.2', 'dig +short web @10.0.2.2', 'cat /etc/hosts', 'iptables -S', 'conntrack -L', 'nc -z -w 1 10.0.2.2 80 2>&1')), grepFilter, opt(grepFilter))
    .map((xs) => xs.filter((x) => x !== '').join(' | ')),
  fc.tuple(pick('echo q', "printf 'GET / HTTP/1.0\\r\\n\\r\\n'", 'echo -n x', "printf '%d\\n' abc", 'true', 'sleep 1'), pick('nc -w 1', 'nc -N', 'nc -q 1', 'nc -q 0', 'nc -u -w 1', 'nc -u -q 0', 'nc -z -w 1', 'nc'), host, num)
    .map(([w, n, h, p]) => `${w} | ${n} ${h} ${p}`),
  fc.tuple(pick('ip route get', 'ping -c 1 -W 1', 'nc -z -w 1', 'echo', 'host'), pick('dig +short web @10.0.2.2', 'echo 10.0.2.2', "printf '%s\\n' 10.0.1.1 10.0.2.2", 'true', 'grep -o web /etc/hosts', 'ip route | grep -o "via [0-9.]*"'), pick('', '80', '"x"'), fc.boolean())
    .map(([cmd, inner, after, quoted]) => `${cmd} ${quoted ? `"$(${inner})"` : `$(${inner})`} ${after}`.trim()),
);

/** Man-page and real-world forms (Docker, kube-proxy, OpenWrt, iproute2's own examples). */
const MAN_PAGE = [
  'iptables -t nat -N DOCKER', 'iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
  'iptables -t nat -A DOCKER ! -i eth1 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.2.2:80',
  'iptables -t nat -A POSTROUTING -s 10.0.1.0/24 ! -o eth0 -j MASQUERADE', 'iptables -t nat -A POSTROUTING -j DOCKER',
  'iptables -t nat -N KUBE-MARK-MASQ', 'iptables -t nat -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
  'iptables -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', 'iptables -A INPUT -p icmp --icmp-type 8 -j REJECT --reject-with icmp-host-prohibited',
  'ip route add 10.9.0.0/16 via 10.0.2.2 dev eth1 proto static metric 100', 'ip rule add fwmark 0x1 table 100 pref 100', 'ip route add default via 10.0.2.2 table 100',
  'ip neigh replace 10.0.1.9 lladdr 02:00:00:00:00:09 dev eth0 nud permanent', 'ip addr add 192.0.2.1/32 dev lo', 'ip -4 route flush scope global',
  'sysctl -w net.ipv4.conf.all.rp_filter=2', 'ping -c 2 -i 0.2 -W 1 10.0.2.2', 'traceroute -n -q 1 -w 1 10.0.2.2', 'dig +short @10.0.2.2 web', 'curl -s http://10.0.2.2/',
];
const RESTORE = ['iptables-restore <<EOF', '*nat', ':PREROUTING ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]', ':DOCKER - [0:0]', '-A PREROUTING -j DOCKER', '-A DOCKER -p tcp --dport 8080 -j DNAT --to-destination 10.0.2.2:80', '-A POSTROUTING -j DOCKER', 'COMMIT', 'EOF'];

const generated = fc.oneof({ weight: 3, arbitrary: ipLines }, { weight: 4, arbitrary: iptables }, { weight: 1, arbitrary: sysctlLines }, { weight: 3, arbitrary: toolLines }, { weight: 2, arbitrary: pipeLines });
/** A generated or man-page line as it is, or with one to two tokens mutated. */
const line = fc.oneof(
  { weight: 6, arbitrary: generated },
  { weight: 1, arbitrary: pick(...MAN_PAGE) },
  { weight: 2, arbitrary: generated.chain((l) => mutated([l], 2)) },
  { weight: 1, arbitrary: mutated(MAN_PAGE, 2) },
);
/** A config script: one line, or an iptables-restore block with one line of it mutated. */
const script = fc.oneof({ weight: 20, arbitrary: line.map((l) => [l]) }, { weight: 1, arbitrary: fc.tuple(fc.nat(RESTORE.length - 1), mutated(RESTORE.slice(1, -1), 1)).map(([i, l]) => RESTORE.map((x, j) => (j === i && i > 0 && i < RESTORE.length - 1 ? l : x))) });

function runBatch(scripts: string[][]): void {
  const net = new Network(SCENARIO, 1, 0, false);
  expect(boot(net)).toEqual([]);
  const services: Process[] = [];
  scripts.forEach((lines, k) => {
    const device = k % 3 === 2 ? 'client' : 'router';
    // As config lines: the refusals point inside the script.
    for (const parsed of parseConfigScript(lines)) {
      for (const issue of applyConfigLine(net, device, parsed, services)) {
        const text = lines[issue.line - 1];
        expect(text, `${JSON.stringify(lines)}: ${issue.message}`).toBeDefined();
        expect(issue.column, `${JSON.stringify(lines)}: ${issue.message}`).toBeGreaterThanOrEqual(1);
        expect(issue.column, `${JSON.stringify(lines)}: ${issue.message}`).toBeLessThanOrEqual(text!.length + 1);
      }
    }
    if (lines.length !== 1) return;
    // As a flow command: it runs to its end, or to the budget, and says how it ended.
    const command = lines[0]!;
    const parsed = parseFlowLine(command);
    if (!parsed.ok) expect(parsed.error.column).toBeGreaterThanOrEqual(1);
    const before = net.scheduler.executed;
    const r = runOn(net, device, command, [], { eventBudget: FLOW_EVENTS, traceLimit: 0, capture: false });
    expect(Number.isInteger(r.exit), command).toBe(true);
    expect(net.scheduler.executed - before, command).toBeLessThanOrEqual(2 * FLOW_EVENTS + 10_000);
    expect(r.stderr, command).not.toContain('internal error');
  });
}

/**
 * 100,000 lines take about 30 s alone, and several times that beside the other test files on a
 * busy 2-core machine; the work is bounded by the event budgets above, this only catches a hang.
 */
const ENGINE_FUZZ_TIMEOUT = Math.max(TEST_TIMEOUT, 600_000);

describe('engine fuzz: every command family, as config lines and flow commands', () => {
  it('no exception, every run within its event budget, every config refusal located', () => {
    fc.assert(fc.property(fc.array(script, { minLength: BATCH, maxLength: BATCH }), runBatch), params(100_000 / BATCH));
  }, ENGINE_FUZZ_TIMEOUT);
});
