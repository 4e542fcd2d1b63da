/*
 * The file a capture is written to (`hairpin run --pcap`, the kernel recordings): a topology
 * port `device:port` as `<device>-<port>.pcap`, an interface inside one of a box's namespaces
 * (`device/ns:ifname`) as `<device>-<ns>-<ifname>.pcap`. Namespace names never hold a slash.
 */

export function captureFileName(key: string): string {
  // An interface name holds no ':' (dev_valid_name); a namespace name may.
  const colon = key.lastIndexOf(':');
  return `${key.slice(0, colon).replace('/', '-')}-${key.slice(colon + 1)}.pcap`;
}

/** The capture key of an interface `ifname` in the namespace `ns` of device `device`. */
export function innerCaptureKey(device: string, ns: string, ifname: string): string {
  return `${device}/${ns}:${ifname}`;
}
