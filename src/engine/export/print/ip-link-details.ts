import { macvlanChildren } from '../../kernel/macvlan';
import type { NetDevice } from '../../kernel/netdevice';
import { bridgeDetails, bridgeSlaveDetails } from './ip-link-bridge';
import { macvlanDetails } from './ip-link-macvlan';
import { vlanDetails } from './ip-link-vlan';
import { vxlanOf } from '../../kernel/vxlan';
import { vxlanLinkInfo } from './ip-link-vxlan';
import { ipipParms } from '../../kernel/ipip';
import { formatIp4 } from '../../addr/ipv4';

/*
 * What `ip -d link` adds to a device (iproute2 6.1 ip/ipaddress.c print_linkinfo with
 * show_details): after the link/ether line its promiscuity, allmulti and MTU bounds; then a
 * line with its kind and the kind's options (none for lo), its bridge port options on a line
 * of their own, and the generic tail (addrgenmode, queues, GSO/TSO/GRO limits), as this
 * kernel reports them on this 2-CPU machine (a veth has a queue per CPU).
 */

interface KindFacts {
  minMtu: number;
  maxMtu: number;
  queues: number;
  tsoMaxSize: number;
}

/** netif_inherit_tso_max: a macvlan or vlan takes its lower's limit. */
function factsOf(d: NetDevice): KindFacts {
  switch (d.type) {
    case 'loopback':
      return { minMtu: 0, maxMtu: 0, queues: 1, tsoMaxSize: 524280 };
    case 'ether':
    case 'veth':
      return { minMtu: 68, maxMtu: 65535, queues: 2, tsoMaxSize: 524280 };
    case 'bridge':
      return { minMtu: 68, maxMtu: 65535, queues: 1, tsoMaxSize: 65536 };
    case 'dummy':
      return { minMtu: 0, maxMtu: 0, queues: 1, tsoMaxSize: 65536 };
    case 'macvlan':
      return { minMtu: 68, maxMtu: 65535, queues: 1, tsoMaxSize: d.lower ? factsOf(d.lower).tsoMaxSize : 524280 };
    case 'vlan':
      return { minMtu: 0, maxMtu: 65535, queues: 1, tsoMaxSize: d.lower ? factsOf(d.lower).tsoMaxSize : 524280 };
    case 'vxlan':
      // Its `dev` is kept in its own part (ip link prints no @LOWER for a vxlan).
      return { minMtu: 68, maxMtu: 65535, queues: 1, tsoMaxSize: vxlanOf(d)?.lower ? 524280 : 65536 };
    case 'ipip':
      // ip_tunnel_newlink: max_mtu IP_MAX_MTU less the outer header.
      return { minMtu: 68, maxMtu: 65515, queues: 1, tsoMaxSize: 65536 };
    default:
      return { minMtu: 68, maxMtu: 65535, queues: 1, tsoMaxSize: 524280 };
  }
}

/** IFLA_INFO_KIND's line: the kind and its options (a topology port is a veth, as the lab builds it). */
function kindText(d: NetDevice, now: number): string | undefined {
  switch (d.type) {
    case 'loopback':
      return undefined;
    case 'bridge':
      return bridgeDetails(d, now);
    case 'macvlan':
      return macvlanDetails(d);
    case 'vlan':
      return vlanDetails(d);
    case 'vxlan':
      return vxlanLinkInfo(d);
    case 'ipip':
      return ipipDetails(d);
    case 'ether':
      return 'veth ';
    default:
      return `${d.type} `;
  }
}

/** iptunnel_print_opt (ip/link_iptnl.c): proto, endpoints (any when 0), dev, ttl, tos, [no]pmtudisc. */
function ipipDetails(d: NetDevice): string {
  const p = ipipParms(d)!;
  const addr = (a: number) => (a ? formatIp4(a) : 'any');
  let out = `ipip ${p.proto === 4 ? 'ipip' : 'any'} remote ${addr(p.remote)} local ${addr(p.local)} `;
  if (p.link) out += `dev ${p.link.name} `;
  out += `ttl ${p.ttl || 'inherit'} `;
  if (p.tos) out += p.tos === 1 ? 'tos inherit ' : `tos 0x${p.tos.toString(16)} `;
  return out + (p.pmtudisc ? 'pmtudisc ' : 'nopmtudisc ');
}

/**
 * dev->promiscuity and allmulti: a bridge port is both (br_add_if); a macvlan's lower is
 * promiscuous while it and a child are up (dev_uc_add on a device without unicast filtering
 * takes effect in its rx mode, which a device that is down does not have).
 */
function promiscuity(d: NetDevice): { promisc: number; allmulti: number } {
  if (d.master) return { promisc: 1, allmulti: 1 };
  if (d.up && macvlanChildren(d).some((c) => c.up)) return { promisc: 1, allmulti: 0 };
  return { promisc: 0, allmulti: 0 };
}

/** The text `-d` appends to the link/ether line (it begins with a space and ends the device's lines). */
export function linkDetails(d: NetDevice, now: number): string {
  const f = factsOf(d);
  const p = promiscuity(d);
  let out = ` promiscuity ${p.promisc}  allmulti ${p.allmulti} minmtu ${f.minMtu} maxmtu ${f.maxMtu} `;
  const kind = kindText(d, now);
  if (kind !== undefined) out += `\n    ${kind}`;
  if (d.master?.bridge) out += `\n    ${bridgeSlaveDetails(d, now)}`;
  return out + `addrgenmode eui64 numtxqueues ${f.queues} numrxqueues ${f.queues} gso_max_size 65536 gso_max_segs 65535 tso_max_size ${f.tsoMaxSize} tso_max_segs 65535 gro_max_size 65536 `;
}
