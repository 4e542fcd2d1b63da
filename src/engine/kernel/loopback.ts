import { netifReceive } from './link';
import type { StartXmit } from './netdevice';
import type { Stack } from './stack';

/*
 * The loopback device (drivers/net/loopback.c): what it transmits it receives itself, on the
 * next softirq, with the packet's route and connection (loopback_xmit → netif_rx).
 */

export function loopbackXmit(stack: Stack): StartXmit {
  return (dev, frame, _dir, skb) => {
    stack.env.schedule(0, () => netifReceive(stack, dev, frame, skb));
  };
}
