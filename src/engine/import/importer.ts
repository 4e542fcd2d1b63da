import { portNameProblem } from '../scenario/names';

/**
 * What one import collects: config lines by boot stage, the ports the output names, and every
 * line that did not become config, with its place and why. Nothing is dropped silently.
 */

/** The order a boot needs: a port exists before its address, a table name before a rule uses it, routes before neighbours, sets and accounting objects before the rules naming them, the firewall last. */
export const STAGES = ['link', 'addr', 'sysctl', 'tables', 'rule', 'route', 'neigh', 'sets', 'firewall', 'files'] as const;
export type Stage = (typeof STAGES)[number];

export interface Place {
  /** The file (CLI) or "" (one pasted text). */
  source: string;
  /** 1-based line in that source. */
  line: number;
}

export interface NotImported extends Place {
  text: string;
  reason: string;
}

export interface ImportProblem extends Place {
  /** 1-based column, where the input has one (a scenario's JSON). */
  column?: number;
  message: string;
}

export class Importer {
  source = '';
  readonly ports = new Map<string, string | null>();
  /** Interfaces the output shows that are not ports (lo, tunnels, stacked devices): lines naming them are reported. */
  readonly notPorts = new Map<string, string>();
  readonly skipped: NotImported[] = [];
  readonly problems: ImportProblem[] = [];
  /** Interfaces a config line makes (bridges, dummies, VLANs that `ip -d` showed). */
  readonly created = new Set<string>();
  /** `master X` of interfaces: checked once every interface is known (X must be a bridge made here). */
  readonly masters: { name: string; master: string; place: Place }[] = [];
  /** Local addresses imported from `ip addr` (or its -br, -j forms). */
  readonly addresses = new Set<string>();
  /** Those with `noprefixroute`: their subnet route, though shown as proto kernel, was added by a program (NetworkManager). */
  readonly noPrefixRoute = new Set<string>();
  /** Addresses the routes reveal (see `infer`), best evidence kept. */
  private readonly inferred = new Map<string, { prefix: number; dev: string; rank: number; place: Place; text: string }>();
  /** ipset sets and nfacct objects the pasted `ipset save` / `nfacct list` made. */
  readonly sets = new Set<string>();
  readonly nfacct = new Set<string>();
  /** Those the firewall's rules name (`--match-set`, `--nfacct-name`), where first named. */
  readonly setsNamed = new Map<string, Place>();
  readonly nfacctNamed = new Map<string, Place>();
  private readonly staged = new Map<Stage, { text: string; line: number; source: string }[]>();
  private readonly seen = new Map<string, Place>();

  /** Adds one config entry (a line, or a here-document's lines); a repeat of one already added is reported, not doubled. */
  add(stage: Stage, line: number, text: string | string[], shown?: string): void {
    const lines = typeof text === 'string' ? [text] : text;
    const key = lines.join('\n');
    const before = this.seen.get(key);
    if (before) {
      this.skip(line, shown ?? lines[0]!, `already imported from ${before.source && before.source !== this.source ? `${before.source} ` : ''}line ${before.line}`);
      return;
    }
    this.seen.set(key, { source: this.source, line });
    const list = this.staged.get(stage) ?? [];
    list.push(...lines.map((t) => ({ text: t, line, source: this.source })));
    this.staged.set(stage, list);
  }

  skip(line: number, text: string, reason: string): void {
    this.skipped.push({ source: this.source, line, text: text.trim(), reason });
  }

  bad(line: number, message: string): void {
    this.problems.push({ source: this.source, line, message });
  }

  /**
   * Names `name` as a port (with its MAC when shown). False, with the line reported, when it
   * cannot be one: lo, an interface the output showed as not modelled, a name the format refuses.
   */
  port(name: string, mac: string | null, line: number, text: string): boolean {
    if (name === 'lo') return false;
    const not = this.notPorts.get(name);
    if (not !== undefined) {
      this.skip(line, text, not);
      return false;
    }
    const problem = portNameProblem(name);
    if (problem) {
      this.notPorts.set(name, `interface ${name}: ${problem}`);
      this.skip(line, text, `interface ${name}: ${problem}`);
      return false;
    }
    const had = this.ports.get(name);
    if (mac !== null && (had === undefined || had === null)) {
      // A scenario's ports need unicast MACs of their own (bond and VLAN members share one on Linux).
      const owner = [...this.ports].find(([other, m]) => m === mac && other !== name)?.[0];
      const unusable = mac === '00:00:00:00:00:00' || (parseInt(mac.slice(0, 2), 16) & 1) === 1;
      if (owner !== undefined || unusable) {
        this.skip(line, `${name} ${mac}`, owner !== undefined ? `MAC already on ${owner}: ${name} gets a default MAC` : `not a unicast MAC: ${name} gets a default MAC`);
        mac = null;
      }
    }
    if (had === undefined || (had === null && mac !== null)) this.ports.set(name, mac);
    return true;
  }

  /** For a line that names `dev`: true when it can become config (lo or a port), else reported. */
  device(dev: string, line: number, text: string): boolean {
    return dev === 'lo' || this.created.has(dev) || this.port(dev, null, line, text);
  }

  /** A `master X` line stays only where X is a bridge this import makes; else it is reported. */
  checkMasters(): void {
    for (const m of this.masters) {
      if (this.created.has(m.master)) continue;
      const text = `ip link set dev ${m.name} master ${m.master}`;
      for (const list of this.staged.values()) {
        const i = list.findIndex((l) => l.text === text);
        if (i >= 0) list.splice(i, 1);
      }
      this.skipped.push({ ...m.place, text: `master ${m.master}`, reason: `${m.name} is enslaved to ${m.master}, whose type this output does not show (paste \`ip -d link\`): not imported` });
    }
  }

  /**
   * A route names an address of this machine: the kernel's subnet route (`10.0.0.0/24 dev eth0
   * proto kernel scope link src 10.0.0.9`) gives it with its prefix (rank 2), a local-table
   * route gives it alone (1), a route's `src` only says it exists (0). Used when the paste has
   * no `ip addr`: `ip route` alone still needs its src addresses to be local.
   */
  infer(address: string, prefix: number, dev: string, rank: number, line: number, text: string): void {
    const had = this.inferred.get(address);
    if (had && had.rank >= rank) return;
    this.inferred.set(address, { prefix, dev, rank, place: { source: this.source, line }, text: text.trim() });
  }

  /** Adds the inferred addresses that no `ip addr` output gave. */
  addInferred(): void {
    for (const [address, a] of this.inferred) {
      if (this.addresses.has(address) || (a.dev !== 'lo' && this.notPorts.has(a.dev))) continue;
      if (a.dev === 'lo' && address.startsWith('127.')) continue;
      const source = this.source;
      this.source = a.place.source;
      if (this.device(a.dev, a.place.line, a.text)) {
        this.add('addr', a.place.line, `ip addr add ${address}/${a.prefix} dev ${a.dev}`);
        this.skip(a.place.line, a.text, `${address}/${a.prefix} on ${a.dev}: inferred from this route; paste \`ip addr\` to import the address as it is`);
      }
      this.source = source;
    }
  }

  config(): string[] {
    return STAGES.flatMap((s) => {
      const lines = this.staged.get(s) ?? [];
      // A gateway must be reachable when its route is added ("Nexthop has invalid gateway"):
      // routes without one (a /32 to the gateway on-link, say) go first. The sort is stable.
      if (s === 'route') lines.sort((a, b) => Number(/ via /.test(a.text)) - Number(/ via /.test(b.text)));
      // Made before they are configured, bridges before their ports join them.
      const rank = (t: string) => (t.startsWith('ip link add') ? 0 : / master /.test(t) ? 2 : 1);
      if (s === 'link') lines.sort((a, b) => rank(a.text) - rank(b.text));
      return lines.map((l) => l.text);
    });
  }
}

/** A here-document delimiter that no line of `lines` equals. */
export function hereDocument(command: string, lines: string[]): string[] {
  let end = 'EOF';
  for (let i = 1; lines.some((l) => l.trim() === end); i++) end = `EOF${i}`;
  return [`${command} <<'${end}'`, ...lines, end];
}

export const IPV6_OFF = 'ipv6: off in Hairpin';
