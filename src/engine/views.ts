/* The state views the inspector shows, and the command each one runs (no imports: the page loads it). */

/** The commands whose output the inspector shows, in order. */
export const DEVICE_VIEWS = {
  'ip addr': 'ip addr',
  'ip route': 'ip route show table all',
  'ip rule': 'ip rule',
  'ip neigh': 'ip neigh',
  'iptables filter': 'iptables -t filter -L -v -n',
  'iptables nat': 'iptables -t nat -L -v -n',
  'iptables mangle': 'iptables -t mangle -L -v -n',
  'iptables raw': 'iptables -t raw -L -v -n',
  'iptables -S': 'iptables -S',
  'ip6tables -S': 'ip6tables -S',
  'nft list ruleset': 'nft list ruleset',
  'conntrack -L': 'conntrack -L',
  dmesg: 'dmesg',
  'bridge fdb': 'bridge fdb show',
  'ipvsadm -L -n': 'ipvsadm -L -n',
  'ipvsadm -L -n -c': 'ipvsadm -L -n -c',
} as const;
export type DeviceViewName = keyof typeof DEVICE_VIEWS;
