import { parseArgs } from 'node:util';
import { parseIp4, type Ip4 } from '../engine/addr/ipv4';
import { describeInjected, MARK_FROM_OUTSIDE, runInject, type InjectProto, type InjectResult, type InjectSpec } from '../engine/sim/inject';
import { packetVerdict } from '../engine/trace/packet-verdict';
import { eventPlace } from '../engine/trace/verdict';
import { why } from '../engine/trace/why';
import { TCP_ACK, TCP_CWR, TCP_ECE, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, TCP_URG } from '../engine/wire/types';
import { CliExit, EX_DATAERR, EX_USAGE, loadScenario } from './load';

/*
 * `hairpin trace LAB.json --on DEV --in PORT PROTO SRC '>' DST`: one packet put on one device
 * as if it arrived on PORT from outside (or, with --from-local, sent by a process there), with
 * no peer built; prints each step of its trace (time, place, kind, why) and the verdict. Exit
 * status: 0 delivered to a socket, answered with an echo reply, forwarded or sent out; 1
 * dropped or refused; 64 bad usage; 65 bad data (the file, a device or port it lacks).
 */

export const TRACE_USAGE = `       hairpin trace LAB.json --on DEV --in PORT PROTO SRC[:PORT] '>' DST[:PORT]
                     [--syn | --ack | --flags SA] [--json]
       hairpin trace LAB.json --on DEV --from-local PROTO [SRC][:PORT] '>' DST[:PORT] [--mark N] [--json]
`;

const HELP = `usage: hairpin trace LAB.json --on DEV --in PORT PROTO SRC[:PORT] '>' DST[:PORT]
                     [--syn | --ack | --flags SA] [--json]
       hairpin trace LAB.json --on DEV --from-local PROTO [SRC][:PORT] '>' DST[:PORT] [--mark N] [--json]

  trace   puts one packet on DEV as if it arrived on PORT from outside (to PORT's MAC, from
          02:ff:00:00:00:01), or as a local process sends it (--from-local: the source is the
          route's when not given), with nothing built beyond DEV's unlinked ports, and prints
          every step it takes and the verdict; exit 0 delivered or forwarded, 1 dropped or refused
  PROTO   tcp, udp or icmp (an echo request); tcp and udp need DST's port (SRC's is 40000 if not given)
  --flags TCP flags as tcpdump prints them: S F R P A U E W (. is A); default S
  --mark  the socket's mark (SO_MARK) for --from-local; a received packet carries none
  --json  print the trace as JSON, as hairpin run --json does
`;


const usage = (message: string) => new CliExit(EX_USAGE, `hairpin trace: ${message}\n${HELP}`);

const FLAG_LETTERS: Record<string, number> = { S: TCP_SYN, F: TCP_FIN, R: TCP_RST, P: TCP_PSH, A: TCP_ACK, '.': TCP_ACK, U: TCP_URG, E: TCP_ECE, W: TCP_CWR };

/** tcpdump's letters ("SA", "S.", "R") to a flags byte. */
export function parseTcpFlags(text: string): number | undefined {
  if (!text) return undefined;
  let flags = 0;
  for (const c of text) {
    const f = FLAG_LETTERS[c.toUpperCase()];
    if (f === undefined) return undefined;
    flags |= f;
  }
  return flags;
}

function parsePort(text: string, what: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) throw usage(`${what}: ${JSON.stringify(text)} is not a port (1-65535)`);
  return Number(text);
}

/** "203.0.113.5:55234", "203.0.113.5", ":40000" (--from-local only), "" (--from-local only). */
function parseEnd(text: string, what: string, addressOptional: boolean): { addr?: Ip4; port?: number } {
  const colon = text.lastIndexOf(':');
  const addrText = colon >= 0 ? text.slice(0, colon) : text;
  const port = colon >= 0 ? parsePort(text.slice(colon + 1), what) : undefined;
  if (addrText === '' && addressOptional) return { port };
  const addr = parseIp4(addrText);
  if (addr === undefined) throw usage(`${what}: ${JSON.stringify(addrText)} is not an IPv4 address`);
  return { addr, port };
}

interface Parsed {
  file: string;
  spec: InjectSpec;
  json: boolean;
}

function parseTraceArgs(args: string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { on: { type: 'string' }, in: { type: 'string' }, 'from-local': { type: 'boolean' }, syn: { type: 'boolean' }, ack: { type: 'boolean' }, flags: { type: 'string' }, mark: { type: 'string' }, json: { type: 'boolean' } },
    });
  } catch (e) {
    throw usage(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (values.on === undefined || values.on === '') throw usage('--on DEV names the device the packet is put on');
  const fromLocal = values['from-local'] === true;
  if (fromLocal === (values.in !== undefined)) throw usage('give either --in PORT (the packet arrives there from outside) or --from-local');
  const [file, protoText, ...rest] = positionals;
  if (file === undefined || protoText === undefined) throw usage('missing the scenario file or the packet');
  if (protoText !== 'tcp' && protoText !== 'udp' && protoText !== 'icmp') throw usage(`${JSON.stringify(protoText)} is not a protocol: tcp, udp or icmp`);
  const proto: InjectProto = protoText;
  const arrow = rest.indexOf('>');
  if (arrow < 0 || rest.length - arrow !== 2 || arrow > 1) throw usage(`the packet is PROTO SRC '>' DST (quote the '>' for the shell), not ${JSON.stringify([protoText, ...rest].join(' '))}`);
  const srcText = arrow === 1 ? rest[0]! : '';
  if (!fromLocal && srcText === '') throw usage('a packet from outside needs its source address (SRC)');
  const src = parseEnd(srcText, 'SRC', fromLocal);
  const dst = parseEnd(rest[arrow + 1]!, 'DST', false);
  if (proto === 'icmp' && (src.port !== undefined || dst.port !== undefined)) throw usage('icmp has no ports');
  if (proto !== 'icmp' && dst.port === undefined) throw usage(`${proto} needs the destination port (DST:PORT)`);
  const flagOptions = [values.syn, values.ack, values.flags !== undefined].filter(Boolean).length;
  if (flagOptions > 1) throw usage('--syn, --ack and --flags exclude each other');
  if (flagOptions && proto !== 'tcp') throw usage('TCP flags go with tcp');
  let flags: number | undefined;
  if (values.flags !== undefined) {
    flags = parseTcpFlags(values.flags);
    if (flags === undefined) throw usage(`--flags: ${JSON.stringify(values.flags)} is not TCP flags (letters S F R P A U E W, . for A)`);
  } else if (values.ack) flags = TCP_ACK;
  else if (values.syn) flags = TCP_SYN;
  let mark: number | undefined;
  if (values.mark !== undefined) {
    if (!fromLocal) throw usage(MARK_FROM_OUTSIDE);
    const m = /^0x[0-9a-f]{1,8}$/i.test(values.mark) || /^\d{1,10}$/.test(values.mark) ? Number(values.mark) : NaN;
    if (!(m >= 0 && m <= 0xffffffff)) throw usage(`--mark: ${JSON.stringify(values.mark)} is not a mark (0-4294967295, or 0x…)`);
    mark = m;
  }
  const spec: InjectSpec = { device: values.on, inPort: values.in, fromLocal, proto, src: src.addr, sport: src.port, dst: dst.addr!, dport: dst.port, flags, mark };
  return { file, spec, json: values.json === true };
}

/** "  1.000 ms" since the injection. */
function time(t: number, at: number): string {
  return `${((t - at) / 1e6).toFixed(3)} ms`.padStart(12);
}

function traceJson(r: InjectResult, packetText: string, exit: number, verdictText: string): string {
  const replacer = (_k: string, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v);
  const events = r.events.map((e, seq) => ({ seq, ...e, why: why(e) }));
  return JSON.stringify({ device: r.spec.device, command: packetText, exit, stdout: '', stderr: '', stopReason: r.stopReason, verdict: verdictText, events }, replacer, 1) + '\n';
}

function trace(args: string[], io: { stdout(s: string): void; stderr(s: string): void }): number {
  if (args.length === 1 && (args[0] === '-h' || args[0] === '--help')) {
    io.stdout(HELP);
    return 0;
  }
  const { file, spec, json } = parseTraceArgs(args);
  const scenario = loadScenario(file, io);
  const device = scenario.devices.find((d) => d.id === spec.device);
  if (!device) throw new CliExit(EX_DATAERR, `hairpin: ${file}: no device ${JSON.stringify(spec.device)} (devices: ${scenario.devices.map((d) => d.id).slice(0, 20).join(', ')})`);
  if (spec.inPort !== undefined && !device.ports.some((p) => p.name === spec.inPort)) {
    throw new CliExit(EX_DATAERR, `hairpin: ${file}: device ${spec.device} has no port ${JSON.stringify(spec.inPort)} (ports: ${device.ports.map((p) => p.name).join(', ') || 'none'})`);
  }
  const r = runInject(scenario, spec);
  for (const i of r.configIssues) {
    const n = scenario.devices.findIndex((d) => d.id === i.device);
    io.stderr(`${file}: devices.${i.device}.config[${i.line - 1}] (device ${n + 1}, line ${i.line}, column ${i.column}): ${i.message}\n`);
  }
  const packetText = describeInjected(spec, r.packet?.src);
  const v = packetVerdict({ device: spec.device, packetText, inPort: spec.inPort, sendError: r.sendError, events: r.events });
  const exit = v.ok ? 0 : 1;
  if (json) {
    io.stdout(traceJson(r, packetText, exit, v.text));
    return exit;
  }
  for (const e of r.events) io.stdout(`${time(e.t, r.injectedAt)}  ${eventPlace(e)}  ${e.kind}  ${why(e)}\n`);
  if (r.stopReason !== 'settled') io.stdout(`hairpin: the run stopped early (${r.stopReason})\n`);
  io.stdout(`\n${v.text}\n`);
  return exit;
}

/** The `trace` subcommand: its own errors become their exit status and message here. */
export function traceMain(args: string[], io: { stdout(s: string): void; stderr(s: string): void }): number {
  try {
    return trace(args, io);
  } catch (e) {
    if (!(e instanceof CliExit)) throw e;
    io.stderr(e.message.endsWith('\n') ? e.message : e.message + '\n');
    return e.code;
  }
}
