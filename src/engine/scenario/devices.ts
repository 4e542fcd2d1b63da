import { defaultMac, isMulticastMac, MAC_ZERO, parseMac, type Mac } from '../addr/mac';
import { checkKeys, checkLine, describe, didYouMean, isObject } from './checks';
import type { IssueList, JsonPath } from './errors';
import { countCommands } from './commands';
import { MAX_CONFIG_COMMANDS, MAX_CONFIG_LINES, MAX_DEVICES, MAX_LINE_LENGTH, MAX_PORTS_PER_DEVICE } from './limits';
import { deviceIdProblem, portNameProblem } from './names';
import type { Device, DeviceKind, Port } from './types';

export const DEVICE_KINDS: readonly DeviceKind[] = ['host', 'router', 'switch', 'cloud'];
const DEVICE_KEYS = ['kind', 'at', 'ports', 'config'] as const;

/** The devices as validated so far, for links and flows to resolve names against. */
export interface DeviceTable {
  devices: Device[];
  /**
   * Every key under `devices`, valid or not, with its port names when they could be read:
   * a link to a device whose id was already reported as malformed gets no second error.
   */
  known: Map<string, Set<string> | undefined>;
  byId: Map<string, Device>;
  /** False when `devices` could not be read at all: then no name can be called unknown. */
  readable: boolean;
}

/** Every port's MAC and where it came from, for the uniqueness check. */
interface MacLedger {
  written: { mac: Mac; path: JsonPath; label: string }[];
  defaulted: { mac: Mac; label: string; deviceIndex: number; portIndex: number }[];
}

export function checkDevices(value: unknown, issues: IssueList): DeviceTable {
  const table: DeviceTable = { devices: [], known: new Map(), byId: new Map(), readable: false };
  if (value === undefined) return table; // reported as missing by the top level
  if (!isObject(value)) {
    issues.add(['devices'], `expected an object of devices by id, got ${describe(value)}`);
    return table;
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_DEVICES) {
    issues.add(['devices'], `has ${entries.length} devices; the limit is ${MAX_DEVICES}`);
    return table;
  }
  table.readable = true;
  const macs: MacLedger = { written: [], defaulted: [] };
  const commands = { count: 0 };
  entries.forEach(([id, raw], i) => {
    const { device, portsReadable } = checkDevice(id, raw, i + 1, issues, macs, commands);
    table.known.set(id, device && portsReadable ? new Set(device.ports.map((p) => p.name)) : undefined);
    if (device) {
      table.devices.push(device);
      table.byId.set(id, device);
    }
  });
  checkMacsUnique(macs, issues);
  return table;
}

/**
 * Returns the device even when some of it is invalid, so later checks can still resolve its
 * ports; `portsReadable` is false when there was no port list to resolve against.
 */
function checkDevice(id: string, raw: unknown, index: number, issues: IssueList, macs: MacLedger, commands: CommandCount): { device?: Device; portsReadable: boolean } {
  const path = ['devices', id];
  const idProblem = deviceIdProblem(id);
  if (idProblem) issues.add(path, idProblem, 'key');
  if (!isObject(raw)) {
    issues.add(path, `expected a device object like {"kind": "host", "ports": {"eth0": null}}, got ${describe(raw)}`);
    return { portsReadable: false };
  }
  checkKeys(raw, path, DEVICE_KEYS, ['kind', 'ports'], issues);

  const kind = raw.kind;
  if (kind !== undefined && !DEVICE_KINDS.includes(kind as DeviceKind)) {
    const hint = typeof kind === 'string' ? didYouMean(kind, DEVICE_KINDS) : '';
    issues.add([...path, 'kind'], `expected one of ${DEVICE_KINDS.join(', ')}, got ${describe(kind)}${hint}`);
  }
  const device: Device = { id, index, kind: kind as DeviceKind, ports: [], config: [] };
  const at = checkAt(raw.at, [...path, 'at'], issues);
  if (at) device.at = at;
  const ports = checkPorts(raw.ports, id, index, issues, macs);
  device.ports = ports ?? [];
  device.config = checkConfig(raw.config, [...path, 'config'], issues, commands);
  return { device, portsReadable: ports !== undefined };
}

function checkAt(value: unknown, path: JsonPath, issues: IssueList): [number, number] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length !== 2) {
    issues.add(path, `expected a position [x, y], got ${describe(value)}${Array.isArray(value) ? ` of ${value.length}` : ''}`);
    return undefined;
  }
  let ok = true;
  value.forEach((n: unknown, i) => {
    if (typeof n !== 'number' || !Number.isFinite(n)) {
      issues.add([...path, i], `expected a finite number, got ${describe(n)}`);
      ok = false;
    }
  });
  return ok ? [value[0] as number, value[1] as number] : undefined;
}

/** The ports, or undefined when there is no readable list (missing, not an object, too long). */
function checkPorts(value: unknown, id: string, deviceIndex: number, issues: IssueList, macs: MacLedger): Port[] | undefined {
  const path = ['devices', id, 'ports'];
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    issues.add(path, `expected an object of ports, name → MAC or null, got ${describe(value)}`);
    return undefined;
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_PORTS_PER_DEVICE) {
    issues.add(path, `has ${entries.length} ports; the limit is ${MAX_PORTS_PER_DEVICE}`);
    return undefined;
  }
  return entries.map(([name, mac], i) => {
    const portPath = [...path, name];
    const nameProblem = portNameProblem(name);
    if (nameProblem) issues.add(portPath, nameProblem, 'key');
    const port: Port = { name, mac: defaultMac(deviceIndex, i + 1) };
    if (mac === null) {
      macs.defaulted.push({ mac: port.mac, label: `${id}:${name}`, deviceIndex, portIndex: i + 1 });
      return port;
    }
    const parsed = typeof mac === 'string' ? parseMac(mac) : undefined;
    if (parsed === undefined) {
      issues.add(portPath, `expected a MAC address like "02:00:00:00:01:01", or null for the default, got ${describe(mac)}`);
    } else if (isMulticastMac(parsed)) {
      issues.add(portPath, `${parsed} is a multicast address (its first byte is odd); a port needs a unicast MAC`);
    } else if (parsed === MAC_ZERO) {
      issues.add(portPath, `${parsed} is not a usable address; a port needs a unicast MAC`);
    } else {
      port.mac = parsed;
      macs.written.push({ mac: parsed, path: portPath, label: `${id}:${name}` });
    }
    return port;
  });
}

/** Commands in the configs checked so far; `over` once the limit was reported (reported once). */
interface CommandCount {
  count: number;
  over?: boolean;
}

function checkConfig(value: unknown, path: JsonPath, issues: IssueList, commands: CommandCount): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.add(path, `expected an array of command lines, got ${describe(value)}`);
    return [];
  }
  if (value.length > MAX_CONFIG_LINES) {
    issues.add(path, `has ${value.length} lines; the limit is ${MAX_CONFIG_LINES}`);
    return [];
  }
  const lines: string[] = [];
  value.forEach((line: unknown, i) => {
    if (!checkLine(line, [...path, i], MAX_LINE_LENGTH, issues)) return;
    lines.push(line);
    if (commands.over) return;
    commands.count += countCommands(line);
    if (commands.count > MAX_CONFIG_COMMANDS) {
      commands.over = true;
      issues.add([...path, i], `the configs reach ${commands.count} commands at this line (each iptables rule, route or other command counts one); the limit for a scenario is ${MAX_CONFIG_COMMANDS}`);
    }
  });
  return lines;
}

/**
 * Two ports with one MAC would confuse every switch between them. A written MAC may also
 * collide with another port's default; the written one is the one to change.
 */
function checkMacsUnique(macs: MacLedger, issues: IssueList): void {
  const owner = new Map<Mac, MacLedger['written'][number]>();
  for (const entry of macs.written) {
    const earlier = owner.get(entry.mac);
    if (earlier) issues.add(entry.path, `${entry.mac} is already the MAC of ${earlier.label}`);
    else owner.set(entry.mac, entry);
  }
  for (const entry of macs.defaulted) {
    const written = owner.get(entry.mac);
    if (!written) continue;
    const which = `device ${entry.deviceIndex}, port ${entry.portIndex}`;
    issues.add(written.path, `${entry.mac} is the default MAC of ${entry.label} (${which}); pick another`);
  }
}
