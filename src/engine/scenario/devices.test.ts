import { describe, expect, it } from 'vitest';
import { MAX_CONFIG_LINES, MAX_LINE_LENGTH, MAX_PORTS_PER_DEVICE } from './limits';
import { parseScenario } from './parse';
import { brief, errorsOf, positionOf, text, twoHosts } from './test-helpers';

type Expected = { path: string; at: [needle: string, shift?: number, occurrence?: number]; message: string };

function expectErrors(doc: unknown, expected: Expected[]) {
  const source = text(doc);
  const wanted = expected.map(({ path, at: [needle, shift = 0, occurrence = 1], message }) => {
    const { line, column } = positionOf(source, needle, occurrence);
    return { path, line, column: column + shift, message };
  });
  expect(brief(errorsOf(parseScenario(source)))).toEqual(wanted);
}

/** twoHosts without its link and flow, so that device errors come alone. */
function devicesOnly() {
  const doc = twoHosts();
  doc.links = [];
  doc.flows = [];
  return doc;
}

describe('device ids', () => {
  it.each([
    ['PC1', '"PC1" is not a device id: use a lowercase letter, then lowercase letters, digits or _'],
    ['1pc', '"1pc" is not a device id: use a lowercase letter, then lowercase letters, digits or _'],
    ['pc-1', '"pc-1" is not a device id: use a lowercase letter, then lowercase letters, digits or _'],
    ['abcdefghijklm', 'device id "abcdefghijklm" is 13 characters long; the limit is 12'],
  ])('%s is rejected at the key', (id, message) => {
    const doc = devicesOnly();
    doc.devices[id] = { kind: 'host', ports: {} };
    expectErrors(doc, [{ path: `devices${/^[A-Za-z_]\w*$/.test(id) ? '.' + id : `[${JSON.stringify(id)}]`}`, at: [`"${id}"`], message }]);
  });

  it('accepts 12 characters, digits and underscores', () => {
    const doc = devicesOnly();
    doc.devices.abcdefghij_1 = { kind: 'cloud', ports: {} };
    expect(parseScenario(text(doc)).ok).toBe(true);
  });
});

describe('devices', () => {
  it('must be objects', () => {
    const doc = devicesOnly();
    doc.devices.pc2 = 'host';
    expectErrors(doc, [
      { path: 'devices.pc2', at: ['"host"', 0, 2], message: 'expected a device object like {"kind": "host", "ports": {"eth0": null}}, got the string "host"' },
    ]);
  });

  it('reject unknown keys and require kind and ports', () => {
    const doc = devicesOnly();
    doc.devices.pc2 = { colour: 'red' };
    expectErrors(doc, [
      { path: 'devices.pc2.kind', at: ['"pc2": {', 7], message: 'required, but missing' },
      { path: 'devices.pc2.ports', at: ['"pc2": {', 7], message: 'required, but missing' },
      { path: 'devices.pc2.colour', at: ['"colour"'], message: 'unknown key "colour"; allowed here: kind, at, ports, config' },
    ]);
  });

  it('have one of four kinds', () => {
    const doc = devicesOnly();
    doc.devices.pc1.kind = 'hots';
    doc.devices.pc2.kind = 3;
    expectErrors(doc, [
      { path: 'devices.pc1.kind', at: ['"hots"'], message: 'expected one of host, router, switch, cloud, got the string "hots" (did you mean "host"?)' },
      { path: 'devices.pc2.kind', at: ['3'], message: 'expected one of host, router, switch, cloud, got the number 3' },
    ]);
  });

  it('are placed at a pair of finite numbers', () => {
    const doc = devicesOnly();
    doc.devices.pc1.at = [1, 2, 3];
    doc.devices.pc2.at = ['1', null];
    expectErrors(doc, [
      { path: 'devices.pc1.at', at: ['"at": [', 6], message: 'expected a position [x, y], got an array of 3' },
      { path: 'devices.pc2.at[0]', at: ['"1"'], message: 'expected a finite number, got the string "1"' },
      { path: 'devices.pc2.at[1]', at: ['null', 0, 3], message: 'expected a finite number, got null' },
    ]);
    doc.devices.pc1.at = { x: 1 };
    doc.devices.pc2.at = [-5.5, 1e6];
    expectErrors(doc, [{ path: 'devices.pc1.at', at: ['{\n        "x"'], message: 'expected a position [x, y], got an object' }]);
  });
});

describe('ports', () => {
  it.each([
    ['Eth0', '"Eth0" is not a port name: use a lowercase letter, then lowercase letters, digits or _'],
    ['eth0.100', '"eth0.100" is not a port name: use a lowercase letter, then lowercase letters, digits or _'],
    ['abcdefghijklmnop', 'port name "abcdefghijklmnop" is 16 characters long; Linux allows 15'],
    ['lo', 'every device already has "lo", its loopback; pick another name'],
    ['all', '"all" is reserved: net.ipv4.conf.all already means something; pick another name'],
    ['default', '"default" is reserved: net.ipv4.conf.default already means something; pick another name'],
  ])('%s is rejected at the key', (name, message) => {
    const doc = devicesOnly();
    doc.devices.pc2.ports[name] = null;
    const path = /^[A-Za-z_]\w*$/.test(name) ? `devices.pc2.ports.${name}` : `devices.pc2.ports[${JSON.stringify(name)}]`;
    expectErrors(doc, [{ path, at: [`"${name}"`], message }]);
  });

  it('accepts a 15-character name', () => {
    const doc = devicesOnly();
    doc.devices.pc2.ports.abcdefghijklmno = null;
    expect(parseScenario(text(doc)).ok).toBe(true);
  });

  it('must be an object', () => {
    const doc = devicesOnly();
    doc.devices.pc2.ports = ['eth0'];
    expectErrors(doc, [{ path: 'devices.pc2.ports', at: ['[\n        "eth0"'], message: 'expected an object of ports, name → MAC or null, got an array' }]);
  });

  it('take at most 255 ports, the default MAC having one byte for the port', () => {
    const doc = devicesOnly();
    doc.devices.pc2.ports = Object.fromEntries(Array.from({ length: MAX_PORTS_PER_DEVICE + 1 }, (_, i) => [`p${i}`, null]));
    expectErrors(doc, [{ path: 'devices.pc2.ports', at: ['"ports": {', 9, 2], message: 'has 256 ports; the limit is 255' }]);
  });
});

describe('MACs', () => {
  it.each([
    ['zz:00:00:00:00:01', 'expected a MAC address like "02:00:00:00:01:01", or null for the default, got the string "zz:00:00:00:00:01"'],
    ['02:00:00:00:01', 'expected a MAC address like "02:00:00:00:01:01", or null for the default, got the string "02:00:00:00:01"'],
    ['02-00-00-00-00-01', 'expected a MAC address like "02:00:00:00:01:01", or null for the default, got the string "02-00-00-00-00-01"'],
    [42, 'expected a MAC address like "02:00:00:00:01:01", or null for the default, got the number 42'],
    ['01:00:5e:00:00:01', '01:00:5e:00:00:01 is a multicast address (its first byte is odd); a port needs a unicast MAC'],
    ['FF:FF:FF:FF:FF:FF', 'ff:ff:ff:ff:ff:ff is a multicast address (its first byte is odd); a port needs a unicast MAC'],
    ['00:00:00:00:00:00', '00:00:00:00:00:00 is not a usable address; a port needs a unicast MAC'],
  ])('%s is rejected at the value', (mac, message) => {
    const doc = devicesOnly();
    doc.devices.pc2.ports.eth0 = mac;
    expectErrors(doc, [{ path: 'devices.pc2.ports.eth0', at: [JSON.stringify(mac)], message }]);
  });

  it('are normalized to lowercase in the scenario and kept as written in the document', () => {
    const doc = devicesOnly();
    doc.devices.pc2.ports.eth0 = '52:54:00:AB:CD:EF';
    const result = parseScenario(text(doc));
    expect(result.ok && result.scenario.devices[1]!.ports[0]!.mac).toBe('52:54:00:ab:cd:ef');
    expect(result.ok && result.scenario.doc.devices.pc2!.ports.eth0).toBe('52:54:00:AB:CD:EF');
  });

  it('are unique across the scenario, whatever their case', () => {
    const doc = devicesOnly();
    doc.devices.pc1.ports.eth0 = '52:54:00:00:00:01';
    doc.devices.pc2.ports.eth0 = '52:54:00:00:00:01';
    doc.devices.pc2.ports.eth1 = '52:54:00:00:00:0A';
    doc.devices.pc2.ports.eth2 = '52:54:00:00:00:0a';
    expectErrors(doc, [
      { path: 'devices.pc2.ports.eth0', at: ['"52:54:00:00:00:01"', 0, 2], message: '52:54:00:00:00:01 is already the MAC of pc1:eth0' },
      { path: 'devices.pc2.ports.eth2', at: ['"52:54:00:00:00:0a"'], message: '52:54:00:00:00:0a is already the MAC of pc2:eth1' },
    ]);
  });

  it('may not take another port\'s default MAC', () => {
    const doc = devicesOnly();
    doc.devices.pc2.ports.eth0 = '02:00:00:00:01:01';
    expectErrors(doc, [
      { path: 'devices.pc2.ports.eth0', at: ['"02:00:00:00:01:01"'], message: '02:00:00:00:01:01 is the default MAC of pc1:eth0 (device 1, port 1); pick another' },
    ]);
    doc.devices.pc1.ports.eth0 = '02:00:00:00:01:01'; // its own default, written out: fine
    doc.devices.pc2.ports.eth0 = null;
    expect(parseScenario(text(doc)).ok).toBe(true);
  });
});

describe('config', () => {
  it('is an array of one-line strings', () => {
    const doc = devicesOnly();
    doc.devices.pc1.config = 'ip link set eth0 up';
    doc.devices.pc2.config = ['ok', 7, 'a\nb', 'x'.repeat(MAX_LINE_LENGTH + 1), 'y'.repeat(MAX_LINE_LENGTH)];
    expectErrors(doc, [
      { path: 'devices.pc1.config', at: ['"ip link set eth0 up"'], message: 'expected an array of command lines, got the string "ip link set eth0 up"' },
      { path: 'devices.pc2.config[1]', at: ['7'], message: 'expected a string, got the number 7' },
      { path: 'devices.pc2.config[2]', at: ['"a\\nb"'], message: 'a line cannot contain a line break or a NUL character; write one string per line' },
      { path: 'devices.pc2.config[3]', at: ['"xxx'], message: `is ${MAX_LINE_LENGTH + 1} characters long; the limit is ${MAX_LINE_LENGTH}` },
    ]);
  });

  it('is allowed on every kind, and empty or absent gives no lines', () => {
    const doc = devicesOnly();
    doc.devices.sw = { kind: 'switch', ports: { p1: null }, config: ['# a bridge', ''] };
    doc.devices.pc2.config = [];
    const result = parseScenario(text(doc));
    expect(result.ok && result.scenario.devices.map((d) => d.config.length)).toEqual([1, 0, 2]);
  });

  it(`holds at most ${MAX_CONFIG_LINES} lines`, () => {
    const doc = devicesOnly();
    doc.devices.pc2.config = new Array(MAX_CONFIG_LINES + 1).fill('true');
    expectErrors(doc, [{ path: 'devices.pc2.config', at: ['"config": [', 10, 2], message: `has ${MAX_CONFIG_LINES + 1} lines; the limit is ${MAX_CONFIG_LINES}` }]);
  });
});
