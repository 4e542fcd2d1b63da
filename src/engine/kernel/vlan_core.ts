import type { EthernetFrame } from '../wire/types';
import type { NetDevice } from './netdevice';
import type { Stack } from './stack';

/*
 * The part of 802.1Q the receive path needs (net/8021q/vlan_core.c, built into the kernel):
 * each real device's vlan group and vlan_do_receive. Modelled, not recorded (see vlan.ts).
 */

/** struct vlan_dev_priv. */
export interface VlanDev {
  vid: number;
  /** vlan_proto: ETH_P_8021Q or ETH_P_8021AD. */
  proto: number;
  realDev: NetDevice;
  /** VLAN_FLAG_REORDER_HDR (on unless `reorder_hdr off`): `ip -d link` prints it. */
  reorderHdr: boolean;
  /** The namespace it was made in; `dev.netns` says where it moved since. */
  home: Stack;
}

const vlans = new WeakMap<NetDevice, VlanDev>();
/** struct vlan_group of each real device: its vlan devices. */
const groups = new WeakMap<NetDevice, NetDevice[]>();

export function vlanOf(dev: NetDevice): VlanDev | undefined {
  return vlans.get(dev);
}

/** The vlan devices on a real device. */
export function vlanChildren(real: NetDevice): readonly NetDevice[] {
  return groups.get(real) ?? [];
}

/** vlan_find_dev. */
export function findDev(real: NetDevice, proto: number, vid: number): NetDevice | undefined {
  return vlanChildren(real).find((v) => vlans.get(v)!.proto === proto && vlans.get(v)!.vid === vid);
}

/** vlan_vid_add + netdev_priv: the device joins its real device's group. */
export function vlanAttach(dev: NetDevice, vlan: VlanDev): void {
  vlans.set(dev, vlan);
  let group = groups.get(vlan.realDev);
  if (!group) groups.set(vlan.realDev, (group = []));
  group.push(dev);
}

export function vlanDetach(dev: NetDevice, vlan: VlanDev): void {
  const group = groups.get(vlan.realDev)!;
  group.splice(group.indexOf(dev), 1);
  vlans.delete(dev);
}

/**
 * vlan_do_receive, for a tagged frame on a real device: undefined when a vlan device took it
 * (untagged, as if it had arrived there) or dropped it because it is down; otherwise the frame
 * for the real device itself (untagged for VID 0, a priority tag; still tagged for a VID
 * without a device, which only an rx_handler such as a bridge's may still take).
 */
export function vlanDoReceive(stack: Stack, dev: NetDevice, frame: EthernetFrame, receive: (net: Stack, dev: NetDevice, frame: EthernetFrame) => void): EthernetFrame | undefined {
  const tag = frame.vlan!;
  const vdev = findDev(dev, tag.tpid, tag.vid);
  const untagged: EthernetFrame = { src: frame.src, dst: frame.dst, payload: frame.payload };
  if (!vdev) return tag.vid === 0 ? untagged : frame;
  if (!vdev.up) {
    stack.trace({ layer: 'link', kind: 'drop', port: dev.name, frame, reason: { code: 'upper_down', dev: vdev.name, lower: dev.name, kind: 'vlan' } });
    return undefined;
  }
  const vlan = vlans.get(vdev)!;
  receive(vdev.netns ?? vlan.home, vdev, untagged);
  return undefined;
}

