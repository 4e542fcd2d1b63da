import type { NetDevice } from './netdevice';

/*
 * What a bridge without STP still runs (net/bridge/br_stp_if.c, br_stp_timer.c, br_fdb.c), as
 * far as `ip -d link` shows it: a port is forwarding while it and its bridge are up with carrier
 * (br_stp_enable_port), disabled otherwise; enabling a port starts its forward_delay timer (15 s,
 * left running although the port forwards at once); opening the bridge schedules its FDB
 * garbage collection 0.1 s later, which then runs every ageing time.
 */

const bridgeOpenedAt = new WeakMap<NetDevice, number>();
const portNumbers = new WeakMap<NetDevice, number>();
const portEnabledAt = new WeakMap<NetDevice, number>();

/** BR_STATE_FORWARDING or BR_STATE_DISABLED (no STP: nothing between). */
export function brPortForwarding(port: NetDevice): boolean {
  return !!port.master?.up && port.running;
}

/**
 * After a device's up state, carrier or master changed: record when bridges opened and ports
 * were enabled (devices the boot made, such as a switch's, were at time 0).
 */
export function brStpUpdate(now: number, dev: NetDevice): void {
  for (const d of dev.peer ? [dev, dev.peer] : [dev]) {
    if (d.bridge) {
      if (!d.up) bridgeOpenedAt.delete(d);
      else if (!bridgeOpenedAt.has(d)) bridgeOpenedAt.set(d, now);
      for (const p of d.bridge.ports) portUpdate(now, p);
    }
    if (d.master) {
      brPortNo(d);
      portUpdate(now, d);
    } else {
      portEnabledAt.delete(d);
      portNumbers.delete(d);
    }
  }
}

function portUpdate(now: number, port: NetDevice): void {
  if (!brPortForwarding(port)) portEnabledAt.delete(port);
  else if (!portEnabledAt.has(port)) portEnabledAt.set(port, now);
}

const FORWARD_DELAY_NS = 15_000_000_000;
const GC_FIRST_NS = 100_000_000;

/** The forward_delay timer's remaining time (0 when it is not running). */
export function brForwardDelayTimer(now: number, port: NetDevice): number {
  if (!brPortForwarding(port)) return 0;
  return Math.max(0, FORWARD_DELAY_NS - (now - (portEnabledAt.get(port) ?? 0)));
}

/**
 * The gc_work's remaining time: 0.1 s after the bridge opened, then every ageing time (the
 * kernel moves it earlier when an entry expires sooner, which takes longer than a flow runs).
 */
export function brGcTimer(now: number, br: NetDevice, ageingNs: number): number {
  if (!br.up) return 0;
  const elapsed = now - (bridgeOpenedAt.get(br) ?? 0);
  if (elapsed < GC_FIRST_NS) return GC_FIRST_NS - elapsed;
  return ageingNs - ((elapsed - GC_FIRST_NS) % ageingNs);
}

/** find_portno: the lowest number (from 1) no other port of the bridge holds, kept while the port stays. */
export function brPortNo(port: NetDevice): number {
  const known = portNumbers.get(port);
  if (known !== undefined) return known;
  const ports = port.master?.bridge?.ports ?? [port];
  // Ports numbered before this one (a switch's, made at boot, in their order) first.
  for (const p of ports) {
    if (portNumbers.has(p)) continue;
    const taken = new Set(ports.map((q) => portNumbers.get(q)));
    let n = 1;
    while (taken.has(n)) n++;
    portNumbers.set(p, n);
    if (p === port) break;
  }
  return portNumbers.get(port) ?? 1;
}
