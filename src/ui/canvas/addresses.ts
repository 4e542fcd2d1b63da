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
 * Every command of a config, in order, as the simulator reads the script (continued lines,
 * variables, here-documents; a group's commands in it); lines that do not parse are skipped
 * (the editor flags them).
 */
export function configCommands(config: readonly string[] | undefined): ConfigCommand[] {
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

/** Port name → its IPv4 addresses in CIDR form, as `ip addr add/del` lines leave them. */
export function portAddresses(config: readonly string[] | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of configCommands(config)) {
    if (c.kind === 'ip-addr') {
      const dev = c.dev.text;
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
      out[c.dev.text] = [];
    }
  }
  return out;
}

const FORWARD_KEY = /^net\.ipv4\.(ip_forward|conf\.[^.]+\.forwarding)$/;

/**
 * Whether the box forwards IPv4: after the config, net.ipv4.ip_forward or some
 * net.ipv4.conf.*.forwarding (written by sysctl -w or echo > /proc/sys/...) is 1.
 */
export function isForwarding(config: readonly string[] | undefined): boolean {
  const values = new Map<string, string>();
  // The sysctl files the config writes, for `sysctl -p` / `--system` to read.
  const texts = new Map<string, string>();
  for (const c of configCommands(config)) {
    if (c.kind === 'text-file') texts.set(c.path, (c.append ? (texts.get(c.path) ?? '') : '') + c.text);
    if (c.kind !== 'sysctl') continue;
    const loaded = c.load === undefined ? [] : sysctlLoadedPaths(c.load, texts.keys()).flatMap((f) => sysctlFileSettings(texts.get(f.text) ?? '').settings);
    for (const w of [...c.writes, ...loaded]) if (FORWARD_KEY.test(w.key)) values.set(w.key, w.value.trim());
  }
  return [...values.values()].includes('1');
}
