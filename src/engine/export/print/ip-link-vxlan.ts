import { formatIp4, isMulticast } from '../../addr/ipv4';
import type { NetDevice } from '../../kernel/netdevice';
import { vxlanOf } from '../../kernel/vxlan';

/*
 * The kind-specific words `ip -d link show` prints for a vxlan device (iproute2 6.1
 * ip/iplink_vxlan.c vxlan_print_opt, over what vxlan_fill_info dumps): always the source port
 * range, the port, the TTL (auto for 0), the ageing and the checksum flags; the rest only when
 * set. Each word ends in a space, as iproute2 prints them; the generic words follow.
 */

export function vxlanLinkInfo(dev: NetDevice): string | undefined {
  const vx = vxlanOf(dev);
  if (!vx) return undefined;
  const c = vx.cfg;
  let out = `vxlan id ${c.vni} `;
  if (c.remote) out += `${isMulticast(c.remote) ? 'group' : 'remote'} ${formatIp4(c.remote)} `;
  if (c.local) out += `local ${formatIp4(c.local)} `;
  if (vx.lower) out += `dev ${vx.lower.name} `;
  out += `srcport ${c.portMin} ${c.portMax} dstport ${c.dstPort} `;
  if (!c.learning) out += 'nolearning ';
  if (c.tos) out += c.tos === 1 ? 'tos inherit ' : `tos 0x${c.tos.toString(16)} `;
  out += c.ttlInherit ? 'ttl inherit ' : c.ttl ? `ttl ${c.ttl} ` : 'ttl auto ';
  out += c.ageing ? `ageing ${c.ageing} ` : 'ageing none ';
  return `${out}udpcsum noudp6zerocsumtx noudp6zerocsumrx `;
}
