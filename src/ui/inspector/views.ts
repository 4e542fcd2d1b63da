import type { DeviceKind } from '../../engine/scenario/types';
import type { ModelledFeature } from '../../engine/trace/modelled-note';
import { DEVICE_VIEWS, type DeviceViewName } from '../../engine/views';

/*
 * Which of the engine's printed views the inspector offers for a device, and which lines of a
 * view changed since the previous step (highlighted, so the animation's effect shows).
 */

export const VIEW_NAMES = [
  'ip addr',
  'ip route',
  'ip rule',
  'ip neigh',
  'iptables filter',
  'iptables nat',
  'iptables mangle',
  'iptables raw',
  'iptables -S',
  'ip6tables -S',
  'nft list ruleset',
  'conntrack -L',
  'dmesg',
  'bridge fdb',
  'ipvsadm -L -n',
  'ipvsadm -L -n -c',
] as const satisfies readonly DeviceViewName[];

/** The command each view prints, shown as its prompt line (the engine's own list). */
export const VIEW_COMMANDS: Record<DeviceViewName, string> = DEVICE_VIEWS;

/** What a view shows that the kernel could not be recorded doing (the README's "modelled, not recorded"). */
export const MODELLED_NOT_RECORDED: Partial<Record<DeviceViewName, string>> = {
  dmesg: "Modelled, not recorded: the LOG line follows the kernel's source (nf_log_syslog.c); a network namespace other than the host's logs nothing, so the test kernel cannot show it.",
};

/** Views of state only a modelled-only feature has (IPVS): their header carries the "modelled, not recorded" badge. */
export const MODELLED_VIEWS: Partial<Record<DeviceViewName, ModelledFeature>> = {
  'ipvsadm -L -n': 'IPVS',
  'ipvsadm -L -n -c': 'IPVS',
};

/** What the device uses beyond what every device has, which adds rows of views. */
export interface ViewExtras {
  /** It holds IPVS virtual services: `ipvsadm -L -n` and its connection table. */
  ipvs?: boolean;
}

/** The views in rows, each tab with its short visible label; switches start with bridge fdb. */
export interface ViewGroup {
  label: string;
  views: { name: DeviceViewName; short: string }[];
}

export function viewGroups(kind: DeviceKind, extras: ViewExtras = {}): ViewGroup[] {
  const ip: ViewGroup = {
    label: 'ip',
    views: [
      { name: 'ip addr', short: 'addr' },
      { name: 'ip route', short: 'route' },
      { name: 'ip rule', short: 'rule' },
      { name: 'ip neigh', short: 'neigh' },
    ],
  };
  const iptables: ViewGroup = {
    label: 'iptables',
    views: [
      { name: 'iptables filter', short: 'filter' },
      { name: 'iptables nat', short: 'nat' },
      { name: 'iptables mangle', short: 'mangle' },
      { name: 'iptables raw', short: 'raw' },
      { name: 'iptables -S', short: '-S' },
      // IPv6 rules load (ufw, libvirt, Docker write them) though no IPv6 packet is simulated.
      { name: 'ip6tables -S', short: 'ip6 -S' },
    ],
  };
  // iptables here is iptables-nft: nft lists its tables too, beside nft's own.
  const nft: ViewGroup = { label: 'nft', views: [{ name: 'nft list ruleset', short: 'ruleset' }] };
  const other: ViewGroup = { label: '', views: [{ name: 'conntrack -L', short: 'conntrack' }, { name: 'dmesg', short: 'dmesg' }] };
  const ipvs: ViewGroup = {
    label: 'ipvs',
    views: [
      { name: 'ipvsadm -L -n', short: 'services' },
      { name: 'ipvsadm -L -n -c', short: 'connections' },
    ],
  };
  const groups = [{ ...ip, views: [...ip.views, ...other.views] }, iptables, nft, ...(extras.ipvs ? [ipvs] : [])];
  return kind === 'switch' ? [{ label: 'bridge', views: [{ name: 'bridge fdb', short: 'fdb' }] }, ...groups] : groups;
}

/** The view shown first: the forwarding database of a switch, the routes of anything else. */
export function defaultView(kind: DeviceKind): DeviceViewName {
  return kind === 'switch' ? 'bridge fdb' : 'ip route';
}

/** The views offered for a device, in tab order. */
export function viewsFor(kind: DeviceKind, extras: ViewExtras = {}): DeviceViewName[] {
  return viewGroups(kind, extras).flatMap((g) => g.views.map((v) => v.name));
}

/**
 * For each line of `next`, whether it is new or different compared with `prev` (a multiset
 * comparison: a line that moved is not a change, a counter that went up is).
 */
export function changedLines(prev: string | undefined, next: string): boolean[] {
  const lines = next.split('\n');
  if (prev === undefined || prev === next) return lines.map(() => false);
  const pool = new Map<string, number>();
  for (const l of prev.split('\n')) pool.set(l, (pool.get(l) ?? 0) + 1);
  return lines.map((l) => {
    const left = pool.get(l) ?? 0;
    if (left > 0) {
      pool.set(l, left - 1);
      return false;
    }
    return l.trim() !== '';
  });
}
