import type { DeviceDoc, DeviceKind, ScenarioDoc } from '../engine/scenario/types';

/* What a new device starts from: a router forwards because its config says so, as on Linux. */

export const DEVICE_TEMPLATES: Record<DeviceKind, () => Omit<DeviceDoc, 'at'>> = {
  host: () => ({ kind: 'host', ports: { eth0: null }, config: [] }),
  router: () => ({ kind: 'router', ports: { eth0: null, eth1: null }, config: ['sysctl -w net.ipv4.ip_forward=1'] }),
  switch: () => ({ kind: 'switch', ports: { p1: null, p2: null, p3: null, p4: null } }),
  cloud: () => ({ kind: 'cloud', ports: { eth0: null }, config: [] }),
};

const PREFIX: Record<DeviceKind, string> = { host: 'pc', router: 'router', switch: 'sw', cloud: 'cloud' };

/** The first free id for a new device of this kind: pc1, pc2, router1, sw1, ... */
export function freeDeviceId(doc: ScenarioDoc, kind: DeviceKind): string {
  for (let i = 1; ; i++) {
    const id = `${PREFIX[kind]}${i}`;
    if (!(id in doc.devices)) return id;
  }
}

/** The next port name in the device's own style (eth2 after eth1, p5 after p4). */
export function nextPortName(device: DeviceDoc): string {
  const names = Object.keys(device.ports);
  const stem = device.kind === 'switch' ? 'p' : 'eth';
  for (let i = device.kind === 'switch' ? 1 : 0; ; i++) if (!names.includes(`${stem}${i}`)) return `${stem}${i}`;
}

export function emptyScenario(): ScenarioDoc {
  return { hairpin: 2, title: 'Untitled scenario', about: '', devices: {}, links: [], flows: [] };
}
