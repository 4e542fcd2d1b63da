import type { Device, Scenario } from '../scenario/types';
import { netifReceive } from '../kernel/link';
import type { NetDevice, NetDeviceType } from '../kernel/netdevice';
import { NetNamespaces } from '../kernel/net_namespace';
import { newNamespaceStack } from '../kernel/net_namespace_stack';
import { Stack, type StateWatch } from '../kernel/stack';
import { BoxEnv } from './box-env';
import { TimerBases } from '../kernel/timer';
import { netnsLabel } from '../trace/netns-label';
import { TraceRecorder } from '../trace/recorder';
import type { Direction } from '../trace/types';
import { frameReasonsOf, frameReceivedEvent, frameSentEvent, type FrameReasons } from '../trace/frame-event';
import type { EthernetFrame } from '../wire/types';
import { Scheduler, seededRandom } from './scheduler';

/*
 * The scenario's devices as kernels joined by links. A frame sent on a port is seen there
 * (tcpdump on the sender's side) and arrives at the far end one link latency later.
 */

/** Time a frame spends on a veth: small, so per-hop order is causal and timings readable. */
export const LINK_LATENCY_NS = 10_000;

/**
 * The interfaces inside a box's namespaces that have a capture from the flow's start, as the
 * recorder starts tcpdump on each (scripts/kernel/record.ts, INNER_CAPTURE_KINDS): those whose
 * drivers report their frames (KernelEnv.capture).
 */
const INNER_CAPTURE_TYPES: ReadonlySet<NetDeviceType> = new Set(['veth', 'macvlan']);

export interface CapturedFrameRecord {
  t: number;
  frame: EthernetFrame;
  dir: 'out' | 'in';
}

/** A port's scenario name when the kernel's name for it now differs (a link event then carries both). */
const renamed = (scenarioName: string | undefined, dev: NetDevice): string | undefined => (scenarioName === dev.name ? undefined : scenarioName);

/** One direction of a link; it keeps the reasons of the frames sent into it and received out of it. */
interface LinkEnd extends FrameReasons {
  dev: NetDevice;
  /** The scenario's names of this port and of the port at the other end (the sender's): a rename shows in link events when the kernel's name differs. */
  port: string;
  fromPort: string;
  /** The sender's capture list for this port. */
  sent: CapturedFrameRecord[];
  /** The frame arrives here (and in this end's capture), one link latency after it was sent. */
  deliver: (frame: EthernetFrame, dir: Direction | undefined) => void;
}

export class Network {
  readonly scheduler = new Scheduler();
  /** One kernel's timer wheel for every box: the recorded namespaces share it. */
  readonly timers = new TimerBases({ now: () => this.scheduler.now, schedule: (d, fn) => this.scheduler.schedule(d, fn), cancel: (h) => this.scheduler.cancel(h) });
  readonly trace: TraceRecorder;
  readonly stacks = new Map<string, Stack>();
  /** The namespaces whose printed state the clock moves, noted when the network was booted ahead of its Run (trace/view-log.ts). */
  clockedAtBoot?: { readonly executed: number; readonly now: number; readonly stacks: readonly Stack[] };
  /** The scenario's devices by id (a run's answer names the topology ports its frames crossed, in document order). */
  readonly devices = new Map<string, Device>();
  /** Frames per "device:port" (and "device/ns:ifname" inside a box's namespaces), in capture order. */
  readonly captures = new Map<string, CapturedFrameRecord[]>();
  /** Each linked port's own capture list. */
  private readonly portCaptures = new Map<NetDevice, CapturedFrameRecord[]>();
  /** Each topology port's name in the scenario: links and captures keep it when the kernel renames the device. */
  private readonly scenarioPorts = new Map<NetDevice, string>();
  readonly random: () => number;
  /** Frames put on links so far (frame-hops), for budgets and benchmarks. */
  hops = 0;
  /** Set when a kernel detected a loop: the run stops with this reason. */
  halted?: string;
  /** iptables rules examined by every kernel; the run sets the limit (no limit by default). */
  readonly work = { rules: 0, limit: Infinity };
  /** Who the kernels tell before printed state changes (a run's view log); nobody while booting. */
  readonly views: { watch?: StateWatch } = {};
  /** Networks built in this process: tests count them to show that a step's views simulate nothing. */
  static built = 0;

  constructor(
    readonly scenario: Scenario,
    seed = 1,
    traceLimit?: number,
    /** Keep every port's frames (for pcap and tcpdump); a run that shows neither can skip it. */
    readonly capture = true,
  ) {
    Network.built++;
    this.random = seededRandom(seed);
    this.trace = new TraceRecorder(() => this.scheduler.now, traceLimit);
    for (const d of scenario.devices) {
      const env = new BoxEnv(this, d.id);
      const stack = new Stack(
        d.id,
        env,
        d.ports.map((p) => ({ name: p.name, mac: p.mac, linked: p.peer !== undefined })),
        d.kind === 'switch',
      );
      this.stacks.set(d.id, stack);
      this.devices.set(d.id, d);
      // A namespace made at run time: its events are labelled device/name, as `host/ns1:eth0`.
      stack.netns = new NetNamespaces(stack, (name) => newNamespaceStack(netnsLabel(d.id, name), new BoxEnv(this, netnsLabel(d.id, name)), stack));
      for (const p of d.ports) {
        this.captures.set(`${d.id}:${p.name}`, []);
        this.scenarioPorts.set(stack.byName.get(p.name)!, p.name);
      }
    }
    for (const l of scenario.links) {
      const a = this.stacks.get(l.a.device)!;
      const b = this.stacks.get(l.b.device)!;
      const da = a.byName.get(l.a.port)!;
      const db = b.byName.get(l.b.port)!;
      const ca = this.captures.get(`${l.a.device}:${l.a.port}`)!;
      const cb = this.captures.get(`${l.b.device}:${l.b.port}`)!;
      this.portCaptures.set(da, ca);
      this.portCaptures.set(db, cb);
      da.wire = this.linkEnd(b, db, l.b.port, l.a.port, ca, cb);
      db.wire = this.linkEnd(a, da, l.a.port, l.b.port, cb, ca);
    }
  }

  /**
   * tcpdump on every veth end and macvlan inside the boxes' namespaces as a flow starts (as the recorder
   * starts one on each): an interface that carries no frame still has its (empty) capture.
   */
  captureInnerInterfaces(): void {
    if (!this.capture) return;
    for (const [id, stack] of this.stacks) {
      for (const name of stack.netns?.names() ?? []) {
        for (const dev of stack.netns!.get(name)!.devices) if (INNER_CAPTURE_TYPES.has(dev.type)) this.innerCapture(`${netnsLabel(id, name)}:${dev.name}`);
      }
    }
  }

  /** The capture list of an interface inside a box's namespace, made when it first carries a frame. */
  innerCapture(key: string): CapturedFrameRecord[] {
    let list = this.captures.get(key);
    if (!list) this.captures.set(key, (list = []));
    return list;
  }

  /** Frames keep their direction across switches, which forward the same frame object. */
  private readonly frameDir = new WeakMap<EthernetFrame, Direction>();

  transmit(device: string, dev: NetDevice, frame: EthernetFrame, dirIn?: Direction): void {
    const dir = dirIn ?? this.frameDir.get(frame);
    if (dirIn) this.frameDir.set(frame, dirIn);
    const peer = dev.wire as LinkEnd | undefined;
    if (!peer || !peer.dev.up) return;
    this.hops++;
    if (this.capture) peer.sent.push({ t: this.scheduler.now, frame, dir: 'out' });
    if (this.trace.wants()) this.trace.pushSent(frameSentEvent(peer, dev, renamed(peer.fromPort, dev), frame, dir, dev.netns?.id ?? device, this.trace.stamp()), peer);
    this.scheduler.defer(LINK_LATENCY_NS, peer.deliver, frame, dir);
  }

  /** A frame a port receives from its own box, not from its link (dev_forward_skb): its capture shows it arriving. */
  tap(device: string, dev: NetDevice, frame: EthernetFrame): void {
    const captured = this.portCaptures.get(dev);
    if (!captured) return;
    if (this.capture) captured.push({ t: this.scheduler.now, frame, dir: 'in' });
    if (!this.trace.wants()) return;
    const kept = frameReasonsOf(dev);
    this.trace.pushReceived(frameReceivedEvent(kept, dev, this.renamedPort(dev), frame, undefined, dev.netns?.id ?? device, this.trace.stamp()), kept);
  }

  /** The scenario's name of a topology port (which the kernel may have renamed); undefined for any other interface. */
  scenarioPortOf(dev: NetDevice): string | undefined {
    return this.scenarioPorts.get(dev);
  }

  /** A link event's scenario port: the scenario's name of a topology port when a rename made it differ from the kernel's. */
  renamedPort(dev: NetDevice): string | undefined {
    return renamed(this.scenarioPorts.get(dev), dev);
  }

  /** The far end of a link as seen from the sender, with its delivery made once. */
  private linkEnd(stack: Stack, dev: NetDevice, port: string, fromPort: string, sent: CapturedFrameRecord[], received: CapturedFrameRecord[]): LinkEnd {
    const end: LinkEnd = {
      dev,
      port,
      fromPort,
      sent,
      sentReason: undefined,
      receivedReason: undefined,
      sentFrames: undefined,
      receivedFrames: undefined,
      deliver: (frame, dir) => {
        if (this.capture) received.push({ t: this.scheduler.now, frame, dir: 'in' });
        // The port may have moved into one of its device's namespaces (ip link set DEV netns NAME).
        const net = dev.netns ?? stack;
        if (this.trace.wants()) this.trace.pushReceived(frameReceivedEvent(end, dev, renamed(port, dev), frame, dir, net.id, this.trace.stamp()), end);
        netifReceive(net, dev, frame);
      },
    };
    return end;
  }
}
