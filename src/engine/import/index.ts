import { sections, type Kind, type Section } from './detect';
import { Importer, type ImportProblem, type NotImported } from './importer';
import { importAddrJson, importIpAddr, importIpBrief } from './ip-addr';
import { declareInterface, importLinkBlocks, interfaceFromJson } from './ip-link';
import { importIpNeigh, importNeigh, neighTextFromJson } from './ip-neigh';
import { importIpRoute, importRoute, routeTextFromJson } from './ip-route';
import { importIpRule, importRule, ruleTextFromJson } from './ip-rule';
import { importIptables } from './iptables-save';
import { importNft } from './nft';
import { importIpset } from './ipset';
import { importNfacct, resolveNamedObjects } from './nfacct';
import { importSysctl } from './sysctl';
import { importResolvConf } from './resolv-conf';
import { importHosts } from './hosts';
import { importRtTables } from './rt-tables';
import { importScenario, isScenarioText } from './scenario';
import type { DeviceKind } from '../scenario/types';

export type { NotImported, ImportProblem } from './importer';

/**
 * Paste real output: what `ip addr`, `ip route`, `iptables-save` … printed on a Linux machine,
 * turned into the config lines that make one device print the same. Pure: text in, lines out.
 */
export interface ImportResult {
  /** Config lines in the order a boot needs (ports, addresses, sysctls, rules, routes, neighbours, firewall, files). */
  config: string[];
  /** Port name -> MAC (null when the output showed none). */
  ports: Record<string, string | null>;
  /** Every line that did not become config, with its place and why. */
  notImported: NotImported[];
  /** Input that is broken (not what the tool prints): the place and what is wrong. */
  problems: ImportProblem[];
  /** The outputs recognised, in the order pasted. */
  outputs: { source: string; line: number; kind: Kind; command?: string }[];
  /** When the input was a scenario (a snapshot): the name and kind its one device had there. */
  snapshot?: { device: string; kind: DeviceKind };
}

export interface PastedText {
  /** A file name (CLI) or "" (the editor's paste box). */
  name: string;
  text: string;
}

/** Sections that name interfaces go first: whether `wg0` is a port decides what a route over it becomes. */
function namesInterfaces(s: Section): boolean {
  if (s.kind === 'ip-addr' || s.kind === 'ip-link' || s.kind === 'ip-brief') return true;
  return s.kind === 'ip-json' && /"ifname"/.test(s.lines.map((l) => l.text).join('\n'));
}

function importJson(imp: Importer, s: Section): void {
  const text = s.lines.map((l) => l.text).join('\n').trim();
  const first = s.lines.find((l) => l.text.trim() !== '')?.n ?? s.prompt ?? 1;
  if (text === '') return;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return imp.bad(first, `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const entries = Array.isArray(data) ? data : [data];
  const table = /\btable (\S+)/.exec(s.command ?? '')?.[1];
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null) {
      imp.bad(first, `a JSON entry that is not an object: ${JSON.stringify(entry)}`);
      continue;
    }
    const e = entry as Record<string, unknown>;
    if ('addr_info' in e) importAddrJson(imp, e, first);
    else if ('ifname' in e) {
      const iface = interfaceFromJson(e)!;
      declareInterface(imp, iface, first, `${iface.name} (ip -j link)`);
    } else if ('priority' in e) {
      const t = ruleTextFromJson(e);
      if (t === undefined) imp.bad(first, `an \`ip -j rule\` entry without a numeric "priority"`);
      else importRule(imp, t, first, s.ipv6);
    } else if ('dst' in e && Array.isArray(e.state) && !('gateway' in e)) {
      const t = neighTextFromJson(e);
      if (t === undefined) imp.bad(first, 'an `ip -j neigh` entry without "dst" and "dev"');
      else importNeigh(imp, t, first, s.ipv6);
    } else if ('dst' in e) {
      const t = routeTextFromJson(e);
      if (t === undefined) imp.bad(first, 'an `ip -j route` entry without "dst"');
      else importRoute(imp, t, first, { table, ipv6: s.ipv6 });
    } else imp.skip(first, JSON.stringify(e).slice(0, 80), 'a JSON entry of no kind Hairpin imports (ip -j addr, link, route, rule, neigh)');
  }
}

function importSection(imp: Importer, s: Section): void {
  const table = /\btable (\S+)/.exec(s.command ?? '')?.[1];
  switch (s.kind) {
    case 'ip-addr':
      return importIpAddr(imp, s.lines);
    case 'ip-link':
      return importLinkBlocks(imp, s.lines);
    case 'ip-brief':
      return importIpBrief(imp, s.lines);
    case 'ip-route':
      return importIpRoute(imp, s.lines, { table, ipv6: s.ipv6 });
    case 'ip-rule':
      return importIpRule(imp, s.lines, s.ipv6);
    case 'ip-neigh':
      return importIpNeigh(imp, s.lines, s.ipv6);
    case 'ip-json':
      return importJson(imp, s);
    case 'iptables':
      return importIptables(imp, s.lines, { table: s.table, ipv6: s.ipv6 });
    case 'nft':
      return importNft(imp, s.lines);
    case 'ipset':
      return importIpset(imp, s.lines);
    case 'nfacct':
      return importNfacct(imp, s.lines);
    case 'sysctl':
      return importSysctl(imp, s.lines);
    case 'resolv-conf':
      return importResolvConf(imp, s.lines);
    case 'hosts':
      return importHosts(imp, s.lines);
    case 'rt-tables':
      return importRtTables(imp, s.lines);
    case 'not-config': {
      const body = s.lines.filter((l) => l.text.trim() !== '');
      const last = body[body.length - 1]?.n;
      imp.skip(s.prompt ?? body[0]?.n ?? 1, s.command ?? '', `${s.reason ?? 'not configuration'}${last ? ` (lines ${body[0]!.n}-${last})` : ''}`);
      return;
    }
    case 'unknown':
      for (const l of s.lines) {
        if (l.text.trim() === '' || l.text.trim().startsWith('#')) continue;
        imp.skip(l.n, l.text, 'not recognised as output of a command Hairpin imports');
      }
  }
}

/** A snapshot's device, taken whole; it is imported alone (its config is already in boot order). */
function importSnapshot(texts: PastedText[], at: number): ImportResult {
  const { name, text } = texts[at]!;
  const others = texts.filter((_, i) => i !== at);
  const base = { config: [], ports: {}, outputs: [{ source: name, line: 1, kind: 'scenario' as const }] };
  if (others.length) {
    return { ...base, notImported: [], problems: others.map((o) => ({ source: o.name, line: 1, message: `given with the scenario ${name || '(pasted)'}: a snapshot is imported on its own` })) };
  }
  const r = importScenario(name, text);
  if (!r.device) return { ...base, notImported: r.notImported, problems: r.problems };
  return { ...base, config: r.device.config, ports: r.device.ports, notImported: r.notImported, problems: [], snapshot: { device: r.device.name, kind: r.device.kind } };
}

export function importPasted(texts: PastedText[]): ImportResult {
  const scenario = texts.findIndex((t) => isScenarioText(t.text));
  if (scenario >= 0) return importSnapshot(texts, scenario);
  const imp = new Importer();
  const all = texts.map((t) => ({ name: t.name, sections: sections(t.text) }));
  const outputs: ImportResult['outputs'] = [];
  for (const pass of [true, false]) {
    for (const t of all) {
      imp.source = t.name;
      for (const s of t.sections) {
        if (namesInterfaces(s) !== pass) continue;
        importSection(imp, s);
      }
    }
  }
  imp.checkMasters();
  imp.addInferred();
  resolveNamedObjects(imp);
  for (const t of all) for (const s of t.sections) outputs.push({ source: t.name, line: s.prompt ?? s.lines[0]?.n ?? 1, kind: s.kind, command: s.command });
  const byPlace = (a: { source: string; line: number }, b: { source: string; line: number }) => (a.source === b.source ? a.line - b.line : texts.findIndex((x) => x.name === a.source) - texts.findIndex((x) => x.name === b.source));
  return {
    config: imp.config(),
    ports: Object.fromEntries(imp.ports),
    notImported: [...imp.skipped].sort(byPlace),
    problems: [...imp.problems].sort(byPlace),
    outputs,
  };
}
