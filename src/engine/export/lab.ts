/**
 * `hairpin lab`: a self-contained bash script that builds a scenario in Linux network namespaces.
 *
 *   sudo bash lab.sh up     build it: one namespace per device, veth pairs for links, a bridge per switch,
 *                           the kernel's defaults set explicitly, then every config line in order
 *   sudo bash lab.sh down   remove exactly what `up` made
 *
 * The same script is what the conformance suite (scripts/kernel/record.ts) runs to capture the
 * real kernel's frames.
 */
import { defaultMac, parseMac, type Mac } from '../addr/mac';
import { bridgeNameFor } from '../kernel/bridge';
import { parseFlowLine, type ConfigCommand, type SysctlCommand } from '../command';
import { isTextFile, sysctlFileSettings, sysctlLoadedPaths } from '../command/files';
import type { Token } from '../command/lexer';
import { readConfigScript } from '../command/script';
import type { ScenarioDoc } from '../scenario/types';
import { modelledDevices } from '../trace/modelled';
import { LAB_RUNTIME } from './lab-runtime';
import { LAB_MODPROBE_RUNTIME, modprobeStep } from './lab-modprobe';

/**
 * A scenario the lab will not build: a line that does not parse (the simulator refuses it) or
 * one that would reach outside the lab's namespaces. Names the device, line and column.
 */
export class LabError extends Error {
  constructor(
    readonly device: string | undefined,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(device === undefined ? `lab: ${reason}` : `lab: ${device}: ${line ? `config line ${line}, column ${column}` : `flow, column ${column}`}: ${reason}`);
  }
}

export interface LabOptions {
  /** Namespace name prefix; namespaces are `<prefix><device id>`. Default `hp-`. */
  prefix?: string;
}

export interface LabPort {
  name: string;
  mac: Mac;
  /** The far end of the link, if any. */
  peer?: { device: string; port: string };
}

export interface LabDevice {
  id: string;
  /** 1-based position in document order. */
  index: number;
  kind: string;
  /** Namespace name: prefix + id. */
  ns: string;
  ports: LabPort[];
  /** For a switch: the bridge's name (chosen not to clash with a port). */
  bridge?: string;
  config: string[];
}

/** What the script builds, in the order it builds it. */
export interface LabPlan {
  prefix: string;
  devices: LabDevice[];
  links: { a: { device: string; port: string }; b: { device: string; port: string } }[];
  /** Holding namespace for the far ends of ports that have no link (they stay down: no carrier). */
  voidNs: string;
  /** Every namespace the script creates (devices, then the holding namespace). */
  namespaces: string[];
}

const ID_RE = /^[a-z][a-z0-9_]*$/;
/** Also a directory name under /run/hairpin-lab: never `.` or `..`. */
const PREFIX_RE = /^(?:[A-Za-z0-9][A-Za-z0-9_.-]{0,23})?$/;

/** Quotes a string for bash: a single-quoted word (safe for any content, newlines included). */
export function shellQuote(s: string): string {
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Resolves the document into the namespaces, ports and links the script builds. */
export function labPlan(doc: ScenarioDoc, opts: LabOptions = {}): LabPlan {
  const prefix = opts.prefix ?? 'hp-';
  if (!PREFIX_RE.test(prefix)) throw new Error(`lab: invalid namespace prefix ${JSON.stringify(prefix)}`);
  const ids = Object.keys(doc.devices);
  const devices: LabDevice[] = ids.map((id, i) => {
    const d = doc.devices[id]!;
    if (!ID_RE.test(id) || id.length > 12) throw new Error(`lab: invalid device id ${JSON.stringify(id)}`);
    const ports: LabPort[] = Object.keys(d.ports).map((name, j) => {
      if (!ID_RE.test(name) || name.length > 15) throw new Error(`lab: ${id}: invalid port name ${JSON.stringify(name)}`);
      const given = d.ports[name];
      const mac = given == null ? defaultMac(i + 1, j + 1) : parseMac(given);
      if (!mac) throw new Error(`lab: ${id}:${name}: invalid MAC ${JSON.stringify(given)}`);
      return { name, mac };
    });
    const dev: LabDevice = { id, index: i + 1, kind: d.kind, ns: prefix + id, ports, config: d.config ?? [] };
    if (d.kind === 'switch') dev.bridge = bridgeNameFor(ports.map((p) => p.name));
    return dev;
  });
  const byId = new Map(devices.map((d) => [d.id, d]));
  const endpoint = (ref: string) => {
    const m = /^([^:]+):(.+)$/.exec(ref);
    const dev = m ? byId.get(m[1]!) : undefined;
    const port = dev?.ports.find((p) => p.name === m![2]);
    if (!dev || !port) throw new Error(`lab: link end ${JSON.stringify(ref)} is not a device port`);
    return { dev, port };
  };
  const links = doc.links.map(([x, y]) => {
    const a = endpoint(x);
    const b = endpoint(y);
    for (const [e, f] of [[a, b], [b, a]] as const) {
      if (e.port.peer) throw new Error(`lab: port ${e.dev.id}:${e.port.name} has two links`);
      e.port.peer = { device: f.dev.id, port: f.port.name };
    }
    return { a: { device: a.dev.id, port: a.port.name }, b: { device: b.dev.id, port: b.port.name } };
  });
  const voidNs = prefix + 'void';
  if (byId.has('void')) throw new Error('lab: a device named "void" clashes with the holding namespace');
  return { prefix, devices, links, voidNs, namespaces: [...devices.map((d) => d.ns), voidNs] };
}

/** The bash script that builds (`up`) and removes (`down`) the scenario in network namespaces. */
export function labScript(doc: ScenarioDoc, opts: LabOptions = {}): string {
  const plan = labPlan(doc, opts);
  // Everything is checked before anything is written: a lab is built from a scenario that parses.
  const configs = plan.devices.map((d) => configSteps(d, d.ns));
  doc.flows.forEach((f) => {
    const parsed = parseFlowLine(f.run);
    if (!parsed.ok) throw new LabError(f.on, 0, parsed.error.column, parsed.error.message);
  });
  const q = shellQuote;
  const out: string[] = [];
  const L = (s = '') => out.push(s);

  L('#!/usr/bin/env bash');
  L(`# Hairpin lab: ${oneLine(doc.title)}`);
  L('# Generated by `hairpin lab`. It builds the scenario in Linux network namespaces:');
  L('#   sudo bash lab.sh up      one namespace per device, links as veth pairs, switches as bridges');
  L('#   sudo bash lab.sh down    removes exactly what `up` made');
  L('#   sudo bash lab.sh exec DEVICE COMMAND   runs a command on a device, as a flow runs');
  L("# A device's own namespaces (ip netns add NAME in its config or a flow) are <its namespace>.NAME.");
  L(`# Namespaces: ${plan.devices.map((d) => d.ns).join(' ')} (and ${plan.voidNs}, holding the far ends of unlinked ports).`);
  L(`# A shell on a device (its own namespaces named as its config names them): sudo bash lab.sh exec ${plan.devices[0]?.id ?? 'DEV'} bash`);
  if (doc.flows.length) {
    L('# Flows:');
    doc.flows.forEach((f, i) => {
      const exit = f.expect?.exit;
      L(`#   ${i}. sudo bash lab.sh exec ${oneLine(f.on)} ${q(oneLine(f.run))}${exit === undefined ? '' : `   # exits ${exit}`}`);
    });
  }
  const modelled = modelledDevices(plan);
  if (modelled.length) {
    // Named here so that someone on a kernel without these modules can still build the rest.
    L(`# Modelled devices (their config needs what a kernel may lack): ${modelled.map((d) => `${d.id} (${d.features.join(', ')})`).join(', ')}.`);
    L('# A kernel with the modules (ip_vs and ipvsadm, dummy, 8021q, ipip) runs their config whole; on one without them,');
    L(`#   sudo HAIRPIN_LAB_MODELLED=${q(modelled.map((d) => d.id).join(' '))} bash lab.sh up`);
    L('# logs and skips each of their lines that fails instead of stopping (the other devices come up as usual).');
  }
  L('set -u');
  L(`PREFIX=${q(plan.prefix)}`);
  L(`VOID=${q(plan.voidNs)}`);
  L(`DEVICES=(${plan.devices.map((d) => q(d.id)).join(' ')})`);
  L(`NAMESPACES=(${plan.namespaces.map(q).join(' ')})`);
  L(`STATE=/run/hairpin-lab/${q(plan.prefix === '' ? '_' : plan.prefix)}`);
  L('LISTEN_TIMEOUT=${LISTEN_TIMEOUT:-5}');
  L(LAB_RUNTIME);
  L(LAB_MODPROBE_RUNTIME);

  // ---- up
  L('build() {');
  L('  # Namespaces, each with IPv6 off and the kernel defaults set explicitly (a new namespace');
  L('  # inherits conf/all and conf/default from the host), lo up, and its own /etc files.');
  for (const ns of plan.namespaces) L(`  mkns ${q(ns)}`);
  L('  # Links: veth pairs created directly in their namespaces, with the scenario\'s names and MACs.');
  for (const l of plan.links) {
    const a = plan.devices.find((d) => d.id === l.a.device)!;
    const b = plan.devices.find((d) => d.id === l.b.device)!;
    const pa = a.ports.find((p) => p.name === l.a.port)!;
    const pb = b.ports.find((p) => p.name === l.b.port)!;
    L(`  link ${q(a.id)} ${q(pa.name)} ${pa.mac} ${q(b.id)} ${q(pb.name)} ${pb.mac}`);
  }
  let v = 0;
  const unlinked = plan.devices.flatMap((d) => d.ports.filter((p) => !p.peer).map((p) => ({ d, p })));
  if (unlinked.length) L('  # Ports with no link: the peer stays down in the holding namespace, so the port has no carrier.');
  for (const { d, p } of unlinked) L(`  nolink ${q(d.id)} ${q(p.name)} ${p.mac} v${v++}`);
  for (const d of plan.devices.filter((d) => d.bridge)) {
    L(`  # Switch ${d.id}: a bridge, STP off, multicast snooping off, no IP, default ageing.`);
    L(`  mkbridge ${q(d.id)} ${d.bridge} ${d.ports.map((p) => q(p.name)).join(' ')}`);
  }
  L('  # Every port starts up.');
  for (const d of plan.devices) for (const p of d.ports) L(`  ifup ${q(d.id)} ${q(p.name)}`);
  const waits: string[] = [];
  for (const d of plan.devices) {
    for (const p of d.ports) {
      waits.push(`${d.id}:${p.name}:${!p.peer ? 'nocarrier' : d.bridge ? 'forwarding' : 'up'}`);
    }
    if (d.bridge && d.ports.some((p) => p.peer)) waits.push(`${d.id}:${d.bridge}:up`);
  }
  L('  # Carrier comes up asynchronously (linkwatch, up to 1 s): wait until every linked port is');
  L('  # operationally up (bridge ports forwarding) and every unlinked port reports no carrier.');
  L(`  wait_links ${waits.map(q).join(' ')}`);
  L('  # Each port\'s ifindex, before the configs (which may rename a port): captures find it by that.');
  L(`  port_indexes ${plan.devices.flatMap((d) => d.ports.map((p) => q(`${d.id}:${p.name}`))).join(' ')}`);
  L('  # Config lines, in order; a line ending in & is a background service. Every word is');
  L('  # single-quoted, so bash expands nothing in them: they do what the simulator showed.');
  for (const steps of configs) for (const step of steps) L(`  ${step}`);
  L('  wait_services');
  L('}');
  L();
  L('main "$@"');
  return out.join('\n') + '\n';
}

/** Text for a `#` comment: a line break (or any control character) would end the comment and start a command. */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ');
}

/** Where echo's output lands: the namespace's own copy, /etc/netns/NS/…, that `ip netns exec` mounts over /etc/…. */
const ETC_FILES: Record<string, string> = { '/etc/hosts': 'hosts', '/etc/resolv.conf': 'resolv.conf', '/etc/iproute2/rt_tables': 'iproute2/rt_tables' };

/**
 * A device's config as lab steps. The scenario's text reaches the script only as single-quoted
 * words: each line is parsed (and refused with its place if it does not parse), then rebuilt
 * from its words, variables already expanded, so what bash runs is exactly the command the
 * simulator ran. A here-document goes with a quoted delimiter (its lines are already what
 * bash would have made of them); a continued line arrives as one.
 */
function configSteps(d: LabDevice, ns: string): string[] {
  const q = shellQuote;
  const steps: string[] = [];
  // The text files the config wrote so far, as the simulator keeps them: what sysctl -p will read.
  const texts = new Map<string, string>();
  for (const { parsed: p, tokens } of readConfigScript(d.config)) {
    if (!p.ok) throw new LabError(d.id, p.error.line, p.error.column, p.error.message);
    const commands = p.list.flatMap((l) => [l.first, ...l.rest.map((r) => r.cmd)]);
    if (commands.length === 0) continue; // a blank line, a comment or an assignment
    const n = p.line;
    const single = commands.length === 1 ? (commands[0]!.command as ConfigCommand) : undefined;
    // `set -e` on a line of its own: the lab already stops at the first line that fails.
    if (single?.kind === 'set') continue;
    if (single?.kind === 'iptables-restore' && !single.file) {
      const heredoc = tokens!.find((t) => t.kind === 'redirect' && t.mode === 'heredoc');
      const body = heredoc?.kind === 'redirect' ? heredoc.body!.lines : [];
      const flags = [single.noflush ? '--noflush' : '', single.counters ? '--counters' : ''].filter(Boolean).join(',') || '-';
      steps.push(`${single.family ? 'restore6' : 'restore'} ${q(d.id)} ${n} ${flags}${body.map((l) => ` ${q(l)}`).join('')}`);
      continue;
    }
    if (single?.kind === 'nft' && single.input.kind === 'stdin') {
      const heredoc = tokens!.find((t) => t.kind === 'redirect' && t.mode === 'heredoc');
      const body = heredoc?.kind === 'redirect' ? heredoc.body!.lines : [];
      const flags = [single.check ? '-c' : '', single.handles ? '-a' : ''].filter(Boolean).join(',') || '-';
      steps.push(`nftin ${q(d.id)} ${n} ${flags}${body.map((l) => ` ${q(l)}`).join('')}`);
      continue;
    }
    if (single?.kind === 'nft' && single.input.kind === 'file') {
      // As iptables-restore FILE: the namespace's own copy by its host path, never the host's file.
      const path = single.input.path;
      if (!path.startsWith('/etc/')) throw new LabError(d.id, n, single.input.column, `nft -f ${path}: the lab reads only files the config wrote under /etc`);
      const args = ['nft', ...(single.check ? ['-c'] : []), ...(single.handles ? ['-a'] : []), '-f', `/etc/netns/${ns}/${path.slice('/etc/'.length)}`];
      steps.push(`cfg ${q(d.id)} ${n} ${q(args.map(q).join(' '))}`);
      continue;
    }
    if (single?.kind === 'text-file') {
      texts.set(single.path, (single.append ? (texts.get(single.path) ?? '') : '') + single.text);
      steps.push(`etcf ${q(d.id)} ${n} ${q(single.path.slice('/etc/'.length))} ${single.append ? 'append' : 'write'} ${q(single.text)}`);
      continue;
    }
    if (single?.kind === 'iptables-restore' && single.file) {
      // The namespace's own copy, by its path on the host: nothing else can be read.
      const args = ['iptables-restore', ...(single.noflush ? ['--noflush'] : []), ...(single.counters ? ['--counters'] : []), `/etc/netns/${ns}/${single.file.text.slice('/etc/'.length)}`];
      steps.push(`cfg ${q(d.id)} ${n} ${q(args.map(q).join(' '))}`);
      continue;
    }
    if (single?.kind === 'sysctl' && single.load !== undefined) {
      steps.push(`cfg ${q(d.id)} ${n} ${q(sysctlLoad(d.id, n, ns, single, texts))}`);
      continue;
    }
    if (single?.kind === 'modprobe') {
      steps.push(modprobeStep(d.id, n, single));
      continue;
    }
    checkLabCommands(d.id, n, commands.map((c) => c.command as ConfigCommand), single !== undefined);
    if (single?.kind === 'file-write' && ETC_FILES[single.file]) {
      steps.push(`etcw ${q(d.id)} ${n} ${ETC_FILES[single.file]} ${single.append ? 'append' : 'write'} ${q(single.text)}`);
      continue;
    }
    // Anything else runs with bash in the namespace, rebuilt from its words (an echo inside a
    // list lands in /etc/netns/NS too: ip netns exec mounts those files over /etc).
    const { words, background } = requoted(tokens!);
    steps.push(`${background ? 'service' : 'cfg'} ${q(d.id)} ${n} ${q(words)}`);
  }
  return steps;
}

/**
 * `sysctl -p [FILE…]` / `--system`, reading the namespace's own copies by their host paths (a
 * bare `--system` would also read the host's /usr/lib/sysctl.d, whose keys change the host).
 * Every key the files set must be a network setting of the namespace.
 */
function sysctlLoad(device: string, n: number, ns: string, c: SysctlCommand, texts: Map<string, string>): string {
  const files = sysctlLoadedPaths(c.load!, texts.keys()).map((w) => w.text);
  for (const file of files) {
    if (!isTextFile(file)) throw new LabError(device, n, 1, `sysctl -p ${file}: the lab reads only files the config wrote`);
    for (const { key } of sysctlFileSettings(texts.get(file) ?? '').settings) {
      if (!isNamespacedSysctl(key)) throw new LabError(device, n, 1, `${file} sets ${key}, not a network setting of this namespace: the lab changes nothing outside its namespaces`);
    }
  }
  const flags = [c.quiet ? '-q' : '', c.ignoreUnknown ? '-e' : ''].filter(Boolean);
  if (files.length === 0) return 'true';
  return ['sysctl', ...flags, '-p', ...files.map((f) => `/etc/netns/${ns}/${f.slice('/etc/'.length)}`)].map(shellQuote).join(' ');
}

/** What a lab may run through bash, groups included: nothing that writes or reads outside its namespaces. */
function checkLabCommands(device: string, n: number, commands: ConfigCommand[], alone: boolean): void {
  for (const command of commands) {
    if (command.kind === 'group') {
      const inner = command.list.flatMap((l) => [l.first, ...l.rest.map((r) => r.cmd)]).map((c) => c.command);
      // The lab gives dnsmasq its own pid file where it reads the line's words, not inside a string.
      if (command.shell && inner.some((c) => c.kind === 'dnsmasq')) throw new LabError(device, n, 1, `dnsmasq in ${command.shell} -c '…' is not part of a lab: put it on a line of its own`);
      checkLabCommands(device, n, inner, false);
      continue;
    }
    if (command.kind === 'modprobe') throw new LabError(device, n, 1, 'modprobe in a list or group is not part of a lab: put it on a line of its own');
    // Run in one of the device's own namespaces (the lab script maps its name): checked as it is.
    if (command.kind === 'netns-exec') {
      checkLabCommands(device, n, [command.command as ConfigCommand], alone);
      continue;
    }
    // A /proc/net/xt_recent write (its `list`) is the namespace's own: it runs as a line.
    if (command.kind === 'file-write' && !ETC_FILES[command.file] && !('list' in command)) throw new LabError(device, n, 1, `writing to ${command.file} is not part of a lab`);
    if (!alone && (command.kind === 'text-file' || (command.kind === 'iptables-restore' && command.file) || (command.kind === 'nft' && command.input.kind !== 'words'))) {
      const what = command.kind === 'text-file' ? `writing ${command.path}` : command.kind === 'nft' ? 'nft -f' : 'iptables-restore FILE';
      throw new LabError(device, n, 1, `${what} in a list or group is not part of a lab: put it on a line of its own`);
    }
    if (command.kind !== 'sysctl') continue;
    if (command.load !== undefined) throw new LabError(device, n, 1, 'sysctl -p or --system in a list or group is not part of a lab: put it on a line of its own');
    for (const w of command.writes) if (!isNamespacedSysctl(w.key)) throw new LabError(device, n, w.column, `sysctl ${w.key} is not a network setting of this namespace: the lab changes nothing outside its namespaces`);
  }
}

/**
 * A line that parsed, rebuilt from its tokens, each word single-quoted, and whether it ends
 * with `&`. dnsmasq gets `--pid-file=`: otherwise it writes /run/dnsmasq.pid on the host (the
 * option itself is refused in configs).
 */
function requoted(tokens: readonly Token[]): { words: string; background: boolean } {
  const parts: string[] = [];
  const documents: string[] = [];
  let commandStart = true;
  let dnsmasq = false;
  const endCommand = () => {
    if (dnsmasq) parts.push('--pid-file=');
    dnsmasq = false;
    commandStart = true;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word') {
      // `{` and `}` as typed are bash's reserved words (or literal arguments): unquoted either way.
      if (!t.quoted && (t.text === '{' || t.text === '}')) {
        if (t.text === '}') endCommand();
        parts.push(t.text);
        continue;
      }
      // A redirection's file is not the command's name.
      const previous = tokens[i - 1];
      const isTarget = previous?.kind === 'redirect' && previous.mode !== 'dup';
      if (commandStart && !isTarget) {
        dnsmasq = t.text === 'dnsmasq';
        commandStart = false;
      }
      parts.push(shellQuote(t.text));
    } else if (t.kind === 'redirect') {
      if (t.mode === 'heredoc') {
        // Its lines as the simulator read them, under a quoted delimiter that none of them is.
        const lines = t.body!.lines;
        let delimiter = 'HAIRPIN_EOF';
        for (let k = 1; lines.includes(delimiter); k++) delimiter = `HAIRPIN_EOF${k}`;
        parts.push(`${t.fd === 0 ? '' : t.fd}<<'${delimiter}'`);
        documents.push([...lines, delimiter].join('\n'));
        i++; // the delimiter word as typed
        continue;
      }
      const fd = t.fd === (t.mode === 'read' ? 0 : 1) ? '' : String(t.fd);
      parts.push(t.mode === 'dup' ? `${t.fd}>&${t.dupTo}` : `${fd}${t.mode === 'append' ? '>>' : t.mode === 'read' ? '<' : '>'}`);
    } else {
      endCommand();
      // A final `&` makes the line a service; the others stay where they are.
      if (!(t.text === '&' && i === tokens.length - 1)) parts.push(t.text);
    }
  }
  endCommand();
  const last = tokens[tokens.length - 1];
  const line = parts.join(' ');
  return { words: documents.length ? `${line}\n${documents.join('\n')}` : line, background: last?.kind === 'op' && last.text === '&' };
}

/** net.* keys (per network namespace), as a /proc/sys path with no `.`, `..` or empty part. */
function isNamespacedSysctl(key: string): boolean {
  const parts = key.split('.').map((part) => part.replace(/\//g, '.'));
  return parts[0] === 'net' && parts.length > 1 && parts.every((part) => /^[A-Za-z0-9_.:-]+$/.test(part) && part !== '.' && part !== '..');
}
