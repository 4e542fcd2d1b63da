import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EX_DATAERR, EX_USAGE, main } from './main';

/* `hairpin trace`: one packet on one device, its steps as lines, the verdict, and the exit status. */

const dir = mkdtempSync(join(tmpdir(), 'hairpin-trace-'));
const lab = join(dir, 'vps.json');

const server = {
  hairpin: 1,
  title: 'A cloud server, alone',
  devices: {
    vps: {
      kind: 'host',
      ports: { eth0: null },
      config: [
        'ip addr add 91.99.148.215/32 dev eth0',
        'ip route add 172.31.1.1 dev eth0 scope link src 91.99.148.215',
        'ip route add default via 172.31.1.1 dev eth0 src 91.99.148.215',
        'iptables -A INPUT -p tcp --dport 22 -j ACCEPT',
        'iptables -P INPUT DROP',
        'nc -lk 22 &',
      ],
    },
  },
  links: [],
  flows: [],
};

beforeAll(() => writeFileSync(lab, JSON.stringify(server)));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const ssh = () => ['trace', lab, '--on', 'vps', '--in', 'eth0', 'tcp', '203.0.113.5:55234', '>', '91.99.148.215:22'];

describe('hairpin trace', () => {
  it('prints each step (time since the injection, place, kind, why) and the verdict, and exits 0 for a SYN a listener gets', () => {
    const r = cli(...ssh());
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('    0.000 ms  vps:eth0  frame-received  received on eth0 from 02:ff:00:00:00:01');
    expect(r.stdout).toContain('  vps:eth0  hook  filter INPUT: rule 1 of INPUT matched: ACCEPT\n');
    expect(r.stdout).toMatch(/vps:eth0 {2}arp-request {2}who has 172\.31\.1\.1\? tell 91\.99\.148\.215/);
    expect(lines[lines.length - 1]).toBe(
      'tcp 203.0.113.5:55234 → 91.99.148.215:22 arriving on eth0: accepted by INPUT rule 1 (-j ACCEPT), delivered to the listener on TCP port 22; the SYN-ACK is routed out eth0 towards 172.31.1.1, but ARP for 172.31.1.1 is sent on eth0 and nobody answers (nothing is built beyond eth0), so it never leaves',
    );
  });

  it('exits 1 for a packet the INPUT policy drops', () => {
    const r = cli('trace', lab, '--on', 'vps', '--in', 'eth0', 'tcp', '203.0.113.5:55234', '>', '91.99.148.215:25');
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('tcp 203.0.113.5:55234 → 91.99.148.215:25 arriving on eth0: dropped in filter INPUT by policy DROP');
  });

  it('prints the trace as hairpin run --json does, with the verdict and the flags given (--flags SA: SYN|ACK)', () => {
    const r = cli(...ssh(), '--flags', 'SA', '--json');
    const json = JSON.parse(r.stdout) as { device: string; exit: number; verdict: string; events: { kind: string; why: string; frame?: { payload: { payload: { flags: number } } } }[] };
    expect(json.device).toBe('vps');
    expect(json.exit).toBe(r.code);
    expect(json.events[0]!.frame!.payload.payload.flags).toBe(0x12);
    expect(json.events.every((e) => typeof e.why === 'string')).toBe(true);
  });

  it('sends a packet from a local process with the source routing chooses (--from-local, no SRC)', () => {
    const r = cli('trace', lab, '--on', 'vps', '--from-local', 'udp', '>', '8.8.8.8:53');
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('udp 91.99.148.215:40000 → 8.8.8.8:53 sent by a local process on vps: it is routed out eth0 towards 172.31.1.1, but ARP for 172.31.1.1 is sent on eth0 and nobody answers (nothing is built beyond eth0), so it never leaves');
  });

  it.each([
    ['no --on', ['trace', 'x.json', '--in', 'eth0', 'tcp', '1.2.3.4:1', '>', '5.6.7.8:2'], '--on DEV names the device'],
    ['both --in and --from-local', [...ssh(), '--from-local'], 'give either --in PORT'],
    ['a protocol it does not know', ['trace', 'x.json', '--on', 'vps', '--in', 'eth0', 'sctp', '1.2.3.4:1', '>', '5.6.7.8:2'], '"sctp" is not a protocol: tcp, udp or icmp'],
    ['no ">"', ['trace', 'x.json', '--on', 'vps', '--in', 'eth0', 'tcp', '1.2.3.4:1', '5.6.7.8:2'], "the packet is PROTO SRC '>' DST"],
    ['a bad address', ['trace', 'x.json', '--on', 'vps', '--in', 'eth0', 'tcp', '1.2.3.444:1', '>', '5.6.7.8:2'], 'SRC: "1.2.3.444" is not an IPv4 address'],
    ['a bad port', ['trace', 'x.json', '--on', 'vps', '--in', 'eth0', 'tcp', '1.2.3.4:1', '>', '5.6.7.8:70000'], 'DST: "70000" is not a port (1-65535)'],
    ['tcp without the destination port', ['trace', 'x.json', '--on', 'vps', '--in', 'eth0', 'tcp', '1.2.3.4', '>', '5.6.7.8'], 'tcp needs the destination port'],
    ['icmp with ports', ['trace', 'x.json', '--on', 'vps', '--in', 'eth0', 'icmp', '1.2.3.4:1', '>', '5.6.7.8'], 'icmp has no ports'],
    ['no source from outside', ['trace', 'x.json', '--on', 'vps', '--in', 'eth0', 'tcp', '>', '5.6.7.8:2'], 'a packet from outside needs its source address'],
    ['bad flags', [...ssh(), '--flags', 'SX'], '--flags: "SX" is not TCP flags'],
    ['two flag options', [...ssh(), '--syn', '--ack'], '--syn, --ack and --flags exclude each other'],
    ['a mark on a received packet', [...ssh(), '--mark', '1'], 'a packet arriving on a port carries no mark'],
    ['a bad mark', ['trace', 'x.json', '--on', 'vps', '--from-local', 'udp', '>', '8.8.8.8:53', '--mark', '-x'], "Option '--mark' argument is ambiguous"],
    ['an unknown option', [...ssh(), '--bogus'], "Unknown option '--bogus'"],
  ])('exits 64 with a precise message for bad usage: %s', (_name, args, message) => {
    const r = cli(...args);
    expect(r.code).toBe(EX_USAGE);
    expect(r.stderr).toContain(`hairpin trace: ${message}`);
    expect(r.stdout).toBe('');
  });

  it('exits 65 naming the file for a device or port the scenario lacks, or a file that is not there', () => {
    const noDev = cli('trace', lab, '--on', 'db', '--in', 'eth0', 'tcp', '1.2.3.4:1', '>', '5.6.7.8:2');
    expect(noDev).toMatchObject({ code: EX_DATAERR, stderr: `hairpin: ${lab}: no device "db" (devices: vps)\n` });
    const noPort = cli('trace', lab, '--on', 'vps', '--in', 'eth9', 'tcp', '1.2.3.4:1', '>', '5.6.7.8:2');
    expect(noPort).toMatchObject({ code: EX_DATAERR, stderr: `hairpin: ${lab}: device vps has no port "eth9" (ports: eth0)\n` });
    const missing = cli('trace', join(dir, 'nope.json'), '--on', 'vps', '--in', 'eth0', 'tcp', '1.2.3.4:1', '>', '5.6.7.8:2');
    expect(missing).toMatchObject({ code: EX_DATAERR, stderr: `hairpin: ${join(dir, 'nope.json')}: No such file or directory\n` });
  });

  it('is in the usage of hairpin, and has its own help', () => {
    expect(cli('help').stdout).toContain("hairpin trace LAB.json --on DEV --in PORT PROTO SRC[:PORT] '>' DST[:PORT]");
    const help = cli('trace', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--from-local');
  });
});
