import type { Mac } from '../addr/mac';
import type { InAddr } from './devinet';

/** A network interface (struct net_device plus its in_device address list). */
export class NetDevice {
  /** Administrative state (IFF_UP). */
  up = true;
  mtu: number;
  /** Primary addresses first (sorted by scope, host before global), then secondaries. */
  readonly addrs: InAddr[] = [];
  /** Set when the interface is a bridge port: frames go to the bridge, not to IP. */
  bridgePort = false;

  constructor(
    readonly ifindex: number,
    readonly name: string,
    public mac: Mac,
    public carrier: boolean,
    readonly loopback = false,
  ) {
    this.mtu = loopback ? 65536 : 1500;
  }

  /** Running (IFF_RUNNING): up with carrier. */
  get running(): boolean {
    return this.up && this.carrier;
  }
}
