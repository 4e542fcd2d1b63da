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
import type { ScenarioDoc } from '../scenario/types';
import { LAB_RUNTIME } from './lab-runtime';

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
const PREFIX_RE = /^[A-Za-z0-9_.-]{0,24}$/;

/** Quotes a string for bash: a single-quoted word (safe for any content, newlines included). */
export function shellQuote(s: string): string {
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A config line that ends with `&` is a background service; returns the command without it. */
export function backgroundCommand(line: string): string | undefined {
  const m = /^(.*?)\s*&\s*$/.exec(line);
  if (!m || /&&\s*$/.test(line)) return undefined;
  return m[1];
}

function isComment(line: string): boolean {
  return /^\s*(#.*)?$/.test(line);
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
    if (d.kind === 'switch') {
      let n = 0;
      while (ports.some((p) => p.name === `br${n}`)) n++;
      dev.bridge = `br${n}`;
    }
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
  const q = shellQuote;
  const out: string[] = [];
  const L = (s = '') => out.push(s);

  L('#!/usr/bin/env bash');
  L(`# Hairpin lab: ${oneLine(doc.title)}`);
  L('# Generated by `hairpin lab`. It builds the scenario in Linux network namespaces:');
  L('#   sudo bash lab.sh up      one namespace per device, links as veth pairs, switches as bridges');
  L('#   sudo bash lab.sh down    removes exactly what `up` made');
  L(`# Namespaces: ${plan.devices.map((d) => d.ns).join(' ')} (and ${plan.voidNs}, holding the far ends of unlinked ports).`);
  L(`# Run a command on a device: sudo ip netns exec ${plan.devices[0]?.ns ?? plan.prefix + 'DEV'} bash`);
  if (doc.flows.length) {
    L('# Flows:');
    doc.flows.forEach((f, i) => {
      const exit = f.expect?.exit;
      L(`#   ${i}. sudo ip netns exec ${plan.prefix}${f.on} bash -c ${q(oneLine(f.run))}${exit === undefined ? '' : `   # exits ${exit}`}`);
    });
  }
  L('set -u');
  L(`PREFIX=${q(plan.prefix)}`);
  L(`VOID=${q(plan.voidNs)}`);
  L(`NAMESPACES=(${plan.namespaces.map(q).join(' ')})`);
  L(`STATE=/run/hairpin-lab/${q(plan.prefix === '' ? '_' : plan.prefix)}`);
  L('LISTEN_TIMEOUT=${LISTEN_TIMEOUT:-5}');
  L(LAB_RUNTIME);

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
  L('  # Config lines, in order; a line ending in & is a background service.');
  for (const d of plan.devices) {
    d.config.forEach((line, i) => {
      if (isComment(line)) return;
      const bg = backgroundCommand(line);
      if (bg !== undefined) L(`  service ${q(d.id)} ${i + 1} ${q(bg)}`);
      else L(`  cfg ${q(d.id)} ${i + 1} ${q(line)}`);
    });
  }
  L('  wait_services');
  L('}');
  L();
  L('main "$@"');
  return out.join('\n') + '\n';
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}
