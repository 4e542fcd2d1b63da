/**
 * Property-based fuzzing of the command parsers: on any text they return a result (never throw,
 * never hang), and every error names a line and a column inside that line.
 * Run counts and seed: src/fuzz-support.ts (`npm run fuzz` for a long run).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyString, mutated, NASTY_TOKENS, params, TEST_TIMEOUT } from '../../fuzz-support';
import { parseConfigScript } from './iptables-restore';
import { parseConfigLine, parseFlowLine } from './parse';
import type { ParsedLine } from './types';

interface Doc { devices: Record<string, { config?: string[] }>; flows: { on: string; run: string }[] }

const dir = fileURLToPath(new URL('../../scenarios', import.meta.url));
const docs = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as Doc);

const RESTORE_SCRIPT = [
  "iptables-restore --noflush <<'EOF'",
  '*nat',
  ':PREROUTING ACCEPT [0:0]',
  ':POSTROUTING ACCEPT [0:0]',
  '[3:180] -A PREROUTING -i eth0 -p tcp --dport 80 -j DNAT --to-destination 10.0.0.2:8080',
  '-A POSTROUTING -o eth0 -j MASQUERADE',
  'COMMIT',
  '*filter',
  ':FORWARD DROP [0:0]',
  '-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
  'COMMIT',
  'EOF',
];

/** A config written as a shell script: variables, continued lines, groups over lines, here-documents, set -e. */
const SHELL_SCRIPT = [
  'set -euo pipefail', 'WAN=eth1 # uplink', 'export LAN=eth0 NET="10.0.1.0/24"',
  'ip addr add 10.0.1.1/24 \\', '  dev $LAN', '{ ip link set "$WAN" up; ip link set ${LAN} up; } || ( ip link set eth0 down )',
  '{', '  sysctl -w net.ipv4.ip_forward=1', '} &&', '  true',
  'cat > /etc/sysctl.d/90-x.conf <<EOF', 'net.ipv4.conf.$WAN.rp_filter = 2', 'EOF', 'sysctl -q -e -p /etc/sysctl.d/90-x.conf',
  'iptables-restore -n <<-EOF', '\t*nat', '\t-A POSTROUTING -s $NET -o $WAN \\', '\t\t-j MASQUERADE', '\tCOMMIT', '\tEOF',
  'conntrack -D -p tcp --dport 80 -m 0x1/0xff || true',
];

/** Lines that reach parsers the example scenarios do not use. */
const EXTRA_CONFIG = [
  'ip link set eth0 up', 'ip link set dev eth0 address 02:00:00:00:00:01 mtu 1400', 'ip addr flush dev eth0',
  'ip route add 10.0.0.0/8 via 192.168.1.1 dev eth0 table 100 metric 5 src 192.168.1.2', 'ip route flush table main',
  'ip rule add from 10.0.0.0/24 table 100 priority 1000', 'ip rule add fwmark 0x1/0xff lookup wan2',
  'ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:09 dev eth0', 'ip -4 addr add 10.0.0.1/32 dev lo scope host',
  'sysctl -w net.ipv4.ip_forward=1', 'sysctl -qw net.ipv4.conf.all.rp_filter=2 net.ipv4.conf.eth0.rp_filter=0',
  'echo 1 > /proc/sys/net/ipv4/ip_forward', 'echo 0 >> /proc/sys/net/ipv4/conf/all/send_redirects',
  'iptables -t nat -A PREROUTING -d 203.0.113.1 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.0.2:80',
  'iptables -t mangle -A PREROUTING -i eth1 -m conntrack --ctstate NEW -j CONNMARK --set-mark 2',
  'iptables -t mangle -A PREROUTING -j CONNMARK --restore-mark', 'iptables -N MYCHAIN', 'iptables -P FORWARD DROP',
  'iptables -A INPUT -s 10.0.0.0/8 ! -i lo -p udp --sport 53 -m multiport --dports 1:1024,8080 -j LOG --log-prefix "x: "',
  'iptables -t nat -A POSTROUTING -o eth0 -p tcp -j SNAT --to-source 198.51.100.1-198.51.100.9:1024-65535',
  'iptables -A FORWARD -p icmp --icmp-type echo-request -m statistic --mode nth --every 2 --packet 0 -j REJECT --reject-with icmp-port-unreachable',
  'iptables -D INPUT 1', 'iptables -F && iptables -X; iptables -Z', 'iptables -t raw -A PREROUTING -j ACCEPT',
  'dnsmasq --no-daemon --address=/example.com/10.0.0.5 &', 'dnsmasq -a 10.0.0.1 --no-resolv --server=8.8.8.8',
  'nc -l -p 8080 -k &', 'python3 -m http.server 8000 --bind 10.0.0.2 &', 'conntrack -F', 'bridge fdb show',
  'sleep 1 && true || false', 'cat /proc/sys/net/ipv4/ip_forward > /dev/null 2>&1',
];
const EXTRA_FLOW = [
  'ping -c 3 -W 1 -I eth0 10.0.0.1', 'curl -s -m 2 http://10.0.0.2:8080/index.html', 'curl -v http://example.com/',
  'nc -zv -w 1 10.0.0.2 80', 'nc -u -w 1 10.0.0.2 53', 'dig @10.0.0.1 example.com A +short', 'host example.com 10.0.0.1',
  'traceroute -n -m 5 8.8.8.8', 'arping -c 1 -I eth0 10.0.0.1', 'ip route get 8.8.8.8 from 10.0.0.2 iif eth0', 'ip -s link show',
  'iptables -t nat -L -n -v --line-numbers', 'iptables -S', 'conntrack -L', 'sysctl net.ipv4.ip_forward', 'ip neigh show dev eth0',
  'ping -c 1 10.0.0.1 > /dev/null && sleep 1; curl 10.0.0.2 2>/dev/null || true',
  "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -N web 80 | grep -c '^HTTP'", 'echo q | nc -u -w 1 10.0.0.2 53', 'ip route | grep -v kernel | grep -o "via [0-9.]*"',
  'ip route get $(dig +short web)', 'ping -c 1 "$(grep -o \'^[0-9.]*\' /etc/hosts)" 2>&1 | grep -E -c \'(1|2) received\'',
];

const configLines = [...new Set([...docs.flatMap((d) => Object.values(d.devices).flatMap((dev) => dev.config ?? [])), ...EXTRA_CONFIG, ...RESTORE_SCRIPT, ...SHELL_SCRIPT])];
const flowLines = [...new Set([...docs.flatMap((d) => d.flows.map((f) => f.run)), ...EXTRA_FLOW])];
const scripts = [...docs.flatMap((d) => Object.values(d.devices).map((dev) => dev.config ?? [])).filter((c) => c.length > 0), RESTORE_SCRIPT, EXTRA_CONFIG, SHELL_SCRIPT];

/** Command names followed by a handful of tokens: gets past "unsupported command" into each parser. */
const COMMANDS = ['ip', 'ip addr', 'ip route', 'ip rule', 'ip link set', 'ip neigh', 'iptables', 'iptables -t nat -A PREROUTING', 'iptables -A FORWARD -m',
  'sysctl', 'sysctl -w', 'echo', 'cat', 'nc', 'dnsmasq', 'python3 -m http.server', 'ping', 'curl', 'dig', 'host', 'traceroute', 'arping', 'sleep',
  'conntrack', 'bridge', 'iptables-restore', 'grep', 'printf', 'echo x |', 'ip route get $(', 'ip route | grep'];
const commandWithArgs = fc.tuple(fc.constantFrom(...COMMANDS), fc.array(fc.oneof(fc.constantFrom(...NASTY_TOKENS), anyString(10)), { maxLength: 8 }))
  .map(([cmd, args]) => [cmd, ...args].join(' '));

const line = (corpus: readonly string[]): fc.Arbitrary<string> => fc.oneof(
  { weight: 4, arbitrary: mutated(corpus) },
  { weight: 2, arbitrary: commandWithArgs },
  { weight: 1, arbitrary: anyString(200) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...NASTY_TOKENS), { maxLength: 12 }).map((t) => t.join(' ')) },
);

/** The properties every parse result has: an error names a line and a column inside that line. */
function checkResult(result: ParsedLine<unknown>, text: string, lineNo: number): void {
  if (result.ok) {
    expect(result.line).toBe(lineNo);
    return;
  }
  const { error } = result;
  expect(error.line).toBe(lineNo);
  expect(Number.isInteger(error.column)).toBe(true);
  expect(error.column).toBeGreaterThanOrEqual(1);
  expect(error.column).toBeLessThanOrEqual(text.length + 1);
  expect(typeof error.message).toBe('string');
  expect(error.message.trim()).not.toBe('');
  expect(Number.isInteger(error.exitStatus)).toBe(true);
}

describe('command parsers (fuzz)', () => {
  it('the corpus itself parses', () => {
    for (const l of flowLines) expect(parseFlowLine(l).ok, l).toBe(true);
    for (const s of scripts) for (const p of parseConfigScript(s)) expect(p.ok ? 'ok' : p.error).toBe('ok');
  });

  it.each([
    'ip addr add 1.2.3.4/99999999999999999999 dev eth0', 'ip route add 10.0.0.0/8 via 1.2.3.4 metric 99999999999999999999 table 4294967296',
    `ip link set ${'e'.repeat(5000)} up`, `iptables -N ${'C'.repeat(5000)}`, 'iptables -A FORWARD -p tcp --dport 99999999999999999999 -j ACCEPT',
    'echo 1 > /proc/sys/net/ipv4/ip_forward; $(reboot) | `id` & > <', '<script>alert(1)</script>', 'ip addr add \u0000\u202e\ud800 dev eth0',
    'ip addr add 10.0.0.1/24 dev eth0\u0000', '\ud800', 'sysctl -w net.ipv4.ip_forward=\u202e1',
  ])('handles %j', (text) => {
    checkResult(parseConfigLine(text, 3), text, 3);
    checkResult(parseFlowLine(text), text, 0);
  });

  it('parseConfigLine never throws or hangs, and places every error', () => {
    fc.assert(fc.property(line([...configLines, ...flowLines]), fc.integer({ min: 1, max: 10_000 }), (text, lineNo) => {
      checkResult(parseConfigLine(text, lineNo), text, lineNo);
    }), params(25_000));
  }, TEST_TIMEOUT);

  it('parseFlowLine never throws or hangs, and places every error', () => {
    fc.assert(fc.property(line([...flowLines, ...configLines]), (text) => {
      checkResult(parseFlowLine(text), text, 0);
    }), params(18_000));
  }, TEST_TIMEOUT);

  it('parseConfigScript never throws or hangs, and places every error on one of its lines', () => {
    const mutatedScript = fc.tuple(fc.constantFrom(...scripts), fc.array(fc.tuple(fc.nat(), line(configLines)), { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([script, edits, drop]) => {
        const out = [...script];
        for (const [at, text] of edits) {
          const i = at % (out.length + 1);
          if (drop && i < out.length) out.splice(i, 1, text);
          else out.splice(i, 0, text);
        }
        return out;
      });
    const script = fc.oneof(
      { weight: 3, arbitrary: mutatedScript },
      { weight: 1, arbitrary: fc.array(line(configLines), { maxLength: 12 }) },
      { weight: 1, arbitrary: anyString(400).map((s) => s.split(/\r\n|\r|\n/)) },
    );
    fc.assert(fc.property(script, (lines) => {
      const parsed = parseConfigScript(lines);
      expect(parsed.length).toBeLessThanOrEqual(lines.length);
      for (const p of parsed) {
        const lineNo = p.ok ? p.line : p.error.line;
        expect(lineNo).toBeGreaterThanOrEqual(1);
        expect(lineNo).toBeLessThanOrEqual(lines.length);
        checkResult(p, lines[lineNo - 1]!, lineNo);
      }
    }), params(7_000));
  }, TEST_TIMEOUT);
});
