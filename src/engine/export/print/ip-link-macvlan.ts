import { macvlanOf } from '../../kernel/macvlan';
import type { NetDevice } from '../../kernel/netdevice';

/* `ip -d link` of a macvlan (iproute2 6.1 ip/iplink_macvlan.c macvlan_print_opt): its mode and broadcast queue. */

export function macvlanDetails(dev: NetDevice): string {
  return `macvlan mode ${macvlanOf(dev)?.mode ?? 'vepa'} bcqueuelen 1000 usedbcqueuelen 1000 `;
}
