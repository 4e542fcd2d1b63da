import { describe, didYouMean } from './checks';
import type { DeviceTable } from './devices';
import { pathToString, type IssueList, type JsonPath } from './errors';
import { MAX_LINKS } from './limits';
import type { Link } from './types';

type End = Link['a'];

/** Checks `links` and records each link's far end on both ports. */
export function checkLinks(value: unknown, table: DeviceTable, issues: IssueList): Link[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.add(['links'], `expected an array of ["device:port", "device:port"] pairs, got ${describe(value)}`);
    return [];
  }
  if (value.length > MAX_LINKS) {
    issues.add(['links'], `has ${value.length} links; the limit is ${MAX_LINKS}`);
    return [];
  }
  const links: Link[] = [];
  const linkedBy = new Map<string, number>(); // "device:port" → index of the link that took it
  value.forEach((pair: unknown, i) => {
    const path = ['links', i];
    if (!Array.isArray(pair) || pair.length !== 2) {
      const got = Array.isArray(pair) ? `an array of ${pair.length}` : describe(pair);
      issues.add(path, `expected a pair ["device:port", "device:port"], got ${got}`);
      return;
    }
    const ends = pair.map((text: unknown, side) => resolveEnd(text, [...path, side], table, issues));
    const [a, b] = ends;
    if (a && b && a.device === b.device && a.port === b.port) {
      issues.add([...path, 1], `a link cannot join ${a.device}:${a.port} to itself`);
      return;
    }
    let free = true;
    ends.forEach((end, side) => {
      if (!end) return;
      const key = `${end.device}:${end.port}`;
      const earlier = linkedBy.get(key);
      if (earlier !== undefined) {
        issues.add([...path, side], `${key} is already linked by ${pathToString(['links', earlier])}; a port takes one link`);
        free = false;
      }
    });
    if (!a || !b || !free) return;
    linkedBy.set(`${a.device}:${a.port}`, i);
    linkedBy.set(`${b.device}:${b.port}`, i);
    links.push({ a, b });
    setPeer(table, a, b);
    setPeer(table, b, a);
  });
  return links;
}

/** "pc1:eth0" → its device and port, or undefined (with an issue unless already reported). */
function resolveEnd(text: unknown, path: JsonPath, table: DeviceTable, issues: IssueList): End | undefined {
  if (typeof text !== 'string') {
    issues.add(path, `expected "device:port", got ${describe(text)}`);
    return undefined;
  }
  const parts = text.split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    issues.add(path, `expected "device:port" like "pc1:eth0", got ${JSON.stringify(text)}`);
    return undefined;
  }
  const [device, port] = parts as [string, string];
  if (!table.readable) return undefined;
  if (!table.known.has(device)) {
    issues.add(path, `no device ${JSON.stringify(device)}${didYouMean(device, table.known.keys())}`);
    return undefined;
  }
  const ports = table.known.get(device);
  if (!ports) return undefined; // the device itself is malformed, and said so
  if (!ports.has(port)) {
    const list = ports.size ? `; its ports: ${[...ports].join(', ')}` : '; it has no ports';
    issues.add(path, `device ${JSON.stringify(device)} has no port ${JSON.stringify(port)}${didYouMean(port, ports) || list}`);
    return undefined;
  }
  return { device, port };
}

function setPeer(table: DeviceTable, from: End, to: End): void {
  const port = table.byId.get(from.device)?.ports.find((p) => p.name === from.port);
  if (port) port.peer = { ...to };
}
