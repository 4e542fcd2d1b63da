import { formatIp4 } from '../../engine/addr/ipv4';
import { sysctlFileSettings, sysctlLoadedPaths } from '../../engine/command/files';
import { parseConfigScript } from '../../engine/command/script';
import type { ConfigCommand, ShellList } from '../../engine/command/types';

/*
 * What the canvas shows about a device's configuration, read from its config lines with the
 * engine's own parser (so what the node shows is what the simulator will do): the addresses
 * per port, and whether the box forwards.
 */

/**
 * Configs read by this module so far: on the page, a browser test reads it
 * (window.__hairpinPageConfigReads) to see that the canvas's labels were read in the worker.
 */
export const configsRead = { count: 0 };
if (typeof window !== 'undefined') (window as unknown as { __hairpinPageConfigReads?: typeof configsRead }).__hairpinPageConfigReads = configsRead;

/**
 * Every command of a config, in order, as the simulator reads the script (continued lines,
 * variables, here-documents; a group's commands in it); lines that do not parse are skipped
 * (the editor flags them).
 */
export function configCommands(config: readonly string[] | undefined): ConfigCommand[] {
  configsRead.count++;
  const out: ConfigCommand[] = [];
  const add = (list: ShellList<ConfigCommand>) => {
    for (const andOr of list) {
      for (const { command } of [andOr.first, ...andOr.rest.map((r) => r.cmd)]) {
        if (command.kind === 'group') add(command.list);
        else out.push(command);
      }
    }
  };
  for (const parsed of parseConfigScript(config ?? [])) if (parsed.ok) add(parsed.list);
  return out;
}

/**
 * The names a config's `ip link set DEV name NEW` lines give: which port (or other interface, by
 * the name it was made with) a name means now, and which names no longer mean anything. A rename
 * the kernel refuses (dev_valid_name: ".", "..", a ':'; a name in use among the renamed ones)
 * changes nothing here either, nor does a `NAME%d` pattern (its number depends on every interface).
 */
class Names {
  /** Current name → the name it had first, for interfaces renamed. */
  private readonly renamed = new Map<string, string>();
  private readonly gone = new Set<string>();

  /** The interface `dev NAME` means now, by its first name; undefined for a name renamed away. */
  resolve(name: string): string | undefined {
    return this.renamed.get(name) ?? (this.gone.has(name) ? undefined : name);
  }

  rename(from: string, to: string): void {
    const first = this.resolve(from);
    if (first === undefined || to === from || to === '.' || to === '..' || /[:%]/.test(to) || this.renamed.has(to)) return;
    this.renamed.delete(from);
    this.gone.add(from);
    this.gone.delete(to);
    if (to !== first) this.renamed.set(to, first);
  }

  /** First name → name now, for those whose name changed. */
  changed(): Record<string, string> {
    return Object.fromEntries([...this.renamed].map(([now, first]) => [first, now]));
  }
}

function readPorts(commands: readonly ConfigCommand[]): { addresses: Record<string, string[]>; names: Record<string, string> } {
  const out: Record<string, string[]> = {};
  const names = new Names();
  for (const c of commands) {
    if (c.kind === 'ip-link-set' && c.name !== undefined) {
      names.rename(c.dev.text, c.name);
    } else if (c.kind === 'ip-addr') {
      const dev = names.resolve(c.dev.text);
      if (dev === undefined) continue;
      // A point-to-point address as `ip addr` prints it: the prefix length is the peer's.
      const text = c.peer !== undefined ? `${formatIp4(c.address)} peer ${formatIp4(c.peer)}/${c.prefixLen}` : `${formatIp4(c.address)}/${c.prefixLen}`;
      const list = (out[dev] ??= []);
      if (c.action === 'add' || c.action === 'replace') {
        if (!list.includes(text)) list.push(text);
      } else if (c.action === 'del') {
        const ip = formatIp4(c.address);
        out[dev] = list.filter((a) => (c.prefixGiven ? a !== text : !a.startsWith(`${ip}/`)));
      }
    } else if (c.kind === 'ip-addr-flush' && c.dev) {
      const dev = names.resolve(c.dev.text);
      if (dev !== undefined) out[dev] = [];
    }
  }
  return { addresses: out, names: names.changed() };
}

/**
 * Port name → its IPv4 addresses in CIDR form, as `ip addr add/del` lines leave them. A port the
 * config renamed keeps its addresses under the scenario's name (the canvas's port).
 */
export function portAddresses(config: readonly string[] | undefined): Record<string, string[]> {
  return readPorts(configCommands(config)).addresses;
}

/** Port name → the name Linux knows it by after the config (`ip link set eth1 name wan0`), for renamed ports only. */
export function portNames(config: readonly string[] | undefined): Record<string, string> {
  return readPorts(configCommands(config)).names;
}

const FORWARD_KEY = /^net\.ipv4\.(ip_forward|conf\.[^.]+\.forwarding)$/;

/**
 * Whether the box forwards IPv4: after the config, net.ipv4.ip_forward or some
 * net.ipv4.conf.*.forwarding (written by sysctl -w or echo > /proc/sys/...) is 1.
 */
export function isForwarding(config: readonly string[] | undefined): boolean {
  return forwards(configCommands(config));
}

function forwards(commands: readonly ConfigCommand[]): boolean {
  const values = new Map<string, string>();
  // The sysctl files the config writes, for `sysctl -p` / `--system` to read.
  const texts = new Map<string, string>();
  for (const c of commands) {
    if (c.kind === 'text-file') texts.set(c.path, (c.append ? (texts.get(c.path) ?? '') : '') + c.text);
    if (c.kind !== 'sysctl') continue;
    const loaded = c.load === undefined ? [] : sysctlLoadedPaths(c.load, texts.keys()).flatMap((f) => sysctlFileSettings(texts.get(f.text) ?? '').settings);
    for (const w of [...c.writes, ...loaded]) if (FORWARD_KEY.test(w.key)) values.set(w.key, w.value.trim());
  }
  return [...values.values()].includes('1');
}

/** What the canvas draws from a device's config: its ports' addresses, their new names, whether it forwards. */
export interface ConfigFacts {
  addresses: Record<string, string[]>;
  names: Record<string, string>;
  forwarding: boolean;
}

/** portAddresses, portNames and isForwarding at once, from one read of the config. */
export function configFacts(config: readonly string[] | undefined): ConfigFacts {
  const commands = configCommands(config);
  return { ...readPorts(commands), forwarding: forwards(commands) };
}
