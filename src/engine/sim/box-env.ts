import type { NetDevice } from '../kernel/netdevice';
import type { KernelEnv, StateWatch } from '../kernel/stack';
import type { TimerBases } from '../kernel/timer';
import type { Direction, TraceEvent, TraceInput } from '../trace/types';
import type { EthernetFrame } from '../wire/types';
import type { Network } from './network';

/**
 * What one namespace of the network sees of the world: the shared clock, timers, links and the
 * trace, with its own label (`host` or `host/ns1`). One small object per namespace with its
 * methods on the prototype, so 10,000 devices do not carry 10,000 sets of closures.
 */
export class BoxEnv implements KernelEnv {
  readonly timers: TimerBases;
  readonly work: { rules: number; limit: number };
  readonly views: { watch?: StateWatch };
  /** tcpdump on an interface inside the box's namespace (`host/ns1:IF`); absent where nobody captures. */
  readonly capture?: (dev: NetDevice, frame: EthernetFrame, dir: 'out' | 'in') => void;

  constructor(
    private readonly net: Network,
    /** The label of this namespace's events. */
    readonly device: string,
  ) {
    this.timers = net.timers;
    this.work = net.work;
    this.views = net.views;
    if (net.capture && device.includes('/')) this.capture = (dev, frame, dir) => net.innerCapture(`${device}:${dev.name}`).push({ t: net.scheduler.now, frame, dir });
  }

  now(): number {
    return this.net.scheduler.now;
  }

  schedule(delayNs: number, fn: () => void): number {
    return this.net.scheduler.schedule(delayNs, fn);
  }

  cancel(handle: number): void {
    this.net.scheduler.cancel(handle);
  }

  /** Called detached, as each port's driver (`dev.xmit = env.transmit`): an arrow bound to this env. */
  readonly transmit = (dev: NetDevice, frame: EthernetFrame, dir?: Direction): void => this.net.transmit(this.device, dev, frame, dir);

  tap(dev: NetDevice, frame: EthernetFrame): void {
    this.net.tap(this.device, dev, frame);
  }

  trace(e: TraceInput): void {
    this.net.trace.emit(this.device, e);
  }

  tracing(): boolean {
    return this.net.trace.wants();
  }

  stamp(): number {
    return this.net.trace.stamp();
  }

  push(e: TraceEvent): void {
    this.net.trace.pushForwarding(e);
  }

  random(): number {
    return this.net.random();
  }

  halt(reason: string): void {
    this.net.halted ??= reason;
  }
}
