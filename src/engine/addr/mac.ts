/** A MAC address as lowercase colon-separated hex ("02:00:00:00:04:02"). */
export type Mac = string;

export const MAC_BROADCAST: Mac = 'ff:ff:ff:ff:ff:ff';
export const MAC_ZERO: Mac = '00:00:00:00:00:00';

const MAC_RE = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

/** Parses "02:00:00:00:04:02" (any case). Returns undefined for anything else. */
export function parseMac(text: string): Mac | undefined {
  return MAC_RE.test(text) ? text.toLowerCase() : undefined;
}

/** Group bit set: broadcast or multicast; such an address can't be a port's own. */
export function isMulticastMac(mac: Mac): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 1) === 1;
}

/** The scenario format's default MAC: 02:00 + device index (3 bytes) + port index (1 byte), 1-based. */
export function defaultMac(deviceIndex: number, portIndex: number): Mac {
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return ['02', '00', hex((deviceIndex >> 16) & 255), hex((deviceIndex >> 8) & 255), hex(deviceIndex & 255), hex(portIndex & 255)].join(':');
}

export function macToBytes(mac: Mac): number[] {
  return mac.split(':').map((b) => parseInt(b, 16));
}

export function macFromBytes(bytes: ArrayLike<number>, offset = 0): Mac {
  let out = '';
  for (let i = 0; i < 6; i++) out += (i ? ':' : '') + bytes[offset + i]!.toString(16).padStart(2, '0');
  return out;
}
