import { parseFlowLine } from '../command/parse';
import type { Command } from '../command/types';
import { ipVsConnCount, ipVsConnExpiries } from '../kernel/ipvs/ip_vs_conn';
import { NS } from '../tools/process';
import type { Stack, StateGroup, StateWatch } from '../kernel/stack';
import type { Network } from '../sim/network';
import { runView } from '../tools/views';
import { DEVICE_VIEWS, type DeviceViewName } from '../views';
import { boxOf, netnsNameOf } from './netns-label';
import { ROWS, sameKept, textOf, type Kept } from './view-rows';

/*
 * What the inspector's views print at every step of a run, recorded as the run goes, so a step's
 * views are looked up instead of re-simulated from boot. The kernel tells the log just before
 * a namespace's printed state changes (Stack.stateChange, by StateGroup). The first change of a
 * view's state prints it as it was (valid from step 0); at each trace event the views changed
 * since the last one are printed again, valid from that event's index: the state when that
 * event was emitted, as a replay stopped there (TraceRecorder.stopAt) shows it. A view printed
 * the same as before is not kept again. Views nothing changed are printed from the end state.
 */

const NAMES = Object.keys(DEVICE_VIEWS) as DeviceViewName[];

/** Devices whose views are printed ahead after a run (ViewLog.prepare): the path of a flow, not a whole large network. */
export const PREPARED_DEVICES = 32;

/** The views that print each group's state. */
const READS: Record<StateGroup, readonly DeviceViewName[]> = {
  // A command may change anything (`ip neigh flush`, `conntrack -F`, `iptables -Z`, `ip netns add`).
  config: NAMES,
  neigh: ['ip neigh'],
  netfilter: ['conntrack -L', 'ipvsadm -L -n', 'ipvsadm -L -n -c'],
  filter: ['iptables filter'],
  nat: ['iptables nat'],
  mangle: ['iptables mangle'],
  raw: ['iptables raw'],
  nft: ['nft list ruleset'],
  fdb: ['bridge fdb'],
  dmesg: ['dmesg'],
};

/**
 * Views whose text moves with the clock alone while what they print holds entries: a
 * conntrack entry's and an IPVS connection's remaining seconds (and their expiry, which the
 * active/inactive counts follow), an nft set element's `expires`, a learned address ageing
 * out. `live` tells from the last text whether it has such an entry; `due`, when known, the
 * time its text next changes (else it is printed again at every event of a new time);
 * `follows` prints a view again whenever another one is.
 */
const CLOCKED: { view: DeviceViewName; live?: RegExp; follows?: DeviceViewName; due?: (stack: Stack, now: number) => number }[] = [
  { view: 'conntrack -L', live: / src=/, due: (stack, now) => nextSecond(stack.nf.conntrack.entries().map((c) => c.expires), now) },
  { view: 'ipvsadm -L -n -c', live: /^(TCP|UDP|IP) /m, due: (stack, now) => nextSecond(ipVsConnExpiries(stack), now) },
  { view: 'ipvsadm -L -n', follows: 'ipvsadm -L -n -c' },
  { view: 'nft list ruleset', live: /\bexpires \d/ },
  // A line that is neither permanent nor static is a learned address: it ages out.
  { view: 'bridge fdb', live: /^(?!.*\b(permanent|static)\b).+$/m },
];

const CLOCKED_VIEWS: ReadonlySet<DeviceViewName> = new Set(CLOCKED.map((c) => c.view));

/**
 * When the first of these entries prints another number of whole seconds left
 * (floor((expires - now) / 1 s), as conntrack and ipvsadm print it) or goes.
 */
function nextSecond(expiries: number[], now: number): number {
  let due = Infinity;
  for (const e of expiries) {
    const at = e - Math.floor((e - now) / NS) * NS;
    if (at < due) due = at;
  }
  return due;
}

let parsed: Map<DeviceViewName, Command | undefined> | undefined;

/** Each view's command, parsed once. */
function commandOf(name: DeviceViewName): Command | undefined {
  if (!parsed) {
    parsed = new Map();
    for (const n of NAMES) {
      const line = parseFlowLine(DEVICE_VIEWS[n]);
      parsed.set(n, line.ok ? line.list[0]!.first.command : undefined);
    }
  }
  return parsed.get(name);
}

/** What the view's command prints on `stack` now (stdout then stderr, as a terminal shows both). */
export function printView(stack: Stack, name: DeviceViewName): string {
  const c = commandOf(name);
  const out = c ? runView(stack, c) : undefined;
  return out ? out.stdout + out.stderr : '';
}

export function printViews(stack: Stack): Record<DeviceViewName, string> {
  const out = {} as Record<DeviceViewName, string>;
  for (const name of NAMES) out[name] = printView(stack, name);
  return out;
}

/** One view's states, each valid from a step until the next one's. */
interface Track {
  from: number[];
  states: Kept[];
}

/** The step's entry of a track: the last one valid from `step` or before. */
function at(track: Track, step: number): Kept | undefined {
  let lo = 0;
  let hi = track.from.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (track.from[mid]! <= step) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? undefined : track.states[found];
}

interface NamespaceLog {
  stack: Stack;
  tracks: Map<DeviceViewName, Track>;
  /** A box's named namespaces, one per line (which `box/ns` labels exist at a step). */
  names?: Track;
  /** Views changed since the last event. */
  dirty: Set<DeviceViewName>;
  /** The clocked views holding entries whose text the clock moves (and those that follow them). */
  live: Set<DeviceViewName>;
  /** For a live view that knows it: the time its text next changes (it is printed again from then). */
  due: Map<DeviceViewName, number>;
  /** Groups inside a begin/end pair (nested calls counted): every event meanwhile prints their views again. */
  open: Partial<Record<StateGroup, number>>;
}

export interface ViewLogSize {
  /** Texts kept (one per view and step at which it changed). */
  records: number;
  /** Their characters. */
  chars: number;
}

export class ViewLog implements StateWatch {
  private readonly logs = new Map<Stack, NamespaceLog>();
  private readonly byLabel = new Map<string, NamespaceLog>();
  private readonly dirty = new Set<NamespaceLog>();
  private readonly live = new Set<NamespaceLog>();
  private readonly opened = new Set<NamespaceLog>();
  /** Views nothing changed in the run, printed once from the end state when first asked. */
  private readonly unchanged = new Map<Stack, Map<DeviceViewName, string>>();
  /** Virtual time the live views were last printed at. */
  private printedAt = -1;
  /** Printing a view must change nothing; a change it reported would not be the run's. */
  private printing = false;
  private recording = false;
  /**
   * Called before an event is kept, and only while there is something to print then (a view
   * changed, a pair open, a view moving with the clock): most of a run's events change no view,
   * and a call per event was a tenth of a Run's time in Chromium.
   */
  private readonly beforeEmit = (index: number) => this.emitting(index);

  constructor(private readonly net: Network) {}

  /** There is something to print at the next event. */
  private wake(): void {
    if (this.recording) this.net.trace.beforeEmit = this.beforeEmit;
  }

  /** Starts recording: the run's first event will be step 0. */
  start(): void {
    this.net.views.watch = this;
    this.recording = true;
    this.wake();
    this.printedAt = this.net.scheduler.now;
    // State that already moves with the clock: printed now, then whenever the time changes.
    for (const stack of clockedNamespaces(this.net)) {
      const log = this.logOf(stack);
      for (const c of CLOCKED) this.keep(log, c.view, printView(stack, c.view), 0);
      this.checkLive(log);
    }
  }

  /** Ends recording: what changed after the last event is valid from `events`. */
  finish(): void {
    const events = this.net.trace.count;
    this.emitting(events);
    this.recording = false;
    this.net.views.watch = undefined;
    this.net.trace.beforeEmit = undefined;
  }

  change(stack: Stack, group: StateGroup): void {
    if (this.printing) return;
    const log = this.logOf(stack);
    for (const view of READS[group]) {
      if (log.dirty.has(view)) continue;
      // The first change: what it printed until now is what it printed from the start.
      if (!log.tracks.has(view)) this.keep(log, view, this.print(stack, view), 0);
      log.dirty.add(view);
    }
    if (group === 'config' && stack.netnsName === undefined && !log.names) {
      log.names = { from: [0], states: [namesOf(stack)] };
    }
    this.dirty.add(log);
    this.wake();
  }

  begin(stack: Stack, group: StateGroup): void {
    if (this.printing) return;
    this.change(stack, group);
    const log = this.logOf(stack);
    log.open[group] = (log.open[group] ?? 0) + 1;
    this.opened.add(log);
    this.wake();
  }

  end(stack: Stack, group: StateGroup): void {
    if (this.printing) return;
    // What changed after the last event inside the pair shows at the next one.
    this.change(stack, group);
    const log = this.logOf(stack);
    const depth = log.open[group] ?? 0;
    if (depth > 1) log.open[group] = depth - 1;
    else delete log.open[group];
    if (Object.keys(log.open).length === 0) this.opened.delete(log);
  }

  /** Before event `index` is kept: print what changed since the last one, valid from it. */
  private emitting(index: number): void {
    // Nothing to print until the next change (wake): the live views' clock matters only while there are some.
    if (this.opened.size === 0 && this.dirty.size === 0 && this.live.size === 0) {
      this.printedAt = this.net.scheduler.now;
      this.net.trace.beforeEmit = undefined;
      return;
    }
    for (const log of this.opened) {
      for (const group of Object.keys(log.open) as StateGroup[]) for (const view of READS[group]) log.dirty.add(view);
      this.dirty.add(log);
    }
    const now = this.net.scheduler.now;
    const ticked = now !== this.printedAt;
    if (ticked) {
      this.printedAt = now;
      for (const log of this.live) {
        for (const view of log.live) if (now >= (log.due.get(view) ?? now)) log.dirty.add(view);
        if (log.dirty.size) this.dirty.add(log);
      }
    }
    if (this.dirty.size === 0) return;
    for (const log of this.dirty) {
      let clocked = false;
      for (const view of log.dirty) {
        this.keep(log, view, this.print(log.stack, view), index);
        clocked ||= CLOCKED_VIEWS.has(view);
      }
      log.dirty.clear();
      if (log.names) push(log.names, namesOf(log.stack), index);
      // Only a clocked view's text says whether it moves with the clock (and when next).
      if (clocked) this.checkLive(log);
    }
    this.dirty.clear();
  }

  /** The view's state now, as it is kept: printed, or its rows captured (ROWS). */
  private print(stack: Stack, view: DeviceViewName): Kept {
    const rows = ROWS[view];
    if (rows) return { values: rows.capture(stack) };
    this.printing = true;
    try {
      return printView(stack, view);
    } finally {
      this.printing = false;
    }
  }

  private checkLive(log: NamespaceLog): void {
    const text = (v: DeviceViewName) => {
      const t = log.tracks.get(v);
      return t ? textOf(t.states[t.states.length - 1]!, v) : '';
    };
    log.live.clear();
    log.due.clear();
    const now = this.net.scheduler.now;
    for (const c of CLOCKED) {
      if (!c.live?.test(text(c.view))) continue;
      log.live.add(c.view);
      if (c.due) log.due.set(c.view, c.due(log.stack, now));
    }
    // (A view is printed again only once it has its history: every netfilter mark gives both ipvsadm views theirs.)
    for (const c of CLOCKED) {
      if (!c.follows || !log.live.has(c.follows) || !log.tracks.has(c.view)) continue;
      log.live.add(c.view);
      const due = log.due.get(c.follows);
      if (due !== undefined) log.due.set(c.view, due);
    }
    if (log.live.size) this.live.add(log);
    else this.live.delete(log);
  }

  private keep(log: NamespaceLog, view: DeviceViewName, state: Kept, from: number): void {
    let track = log.tracks.get(view);
    if (!track) log.tracks.set(view, (track = { from: [], states: [] }));
    push(track, state, from);
  }

  /** The texts kept, and their characters (a text kept for two views counts twice). */
  size(): ViewLogSize {
    const size = { records: 0, chars: 0 };
    for (const log of this.logs.values()) {
      for (const [view, track] of log.tracks) {
        size.records += track.states.length;
        for (const t of track.states) size.chars += textOf(t, view).length;
      }
    }
    return size;
  }

  private logOf(stack: Stack): NamespaceLog {
    let log = this.logs.get(stack);
    if (!log) {
      log = { stack, tracks: new Map(), dirty: new Set(), live: new Set(), due: new Map(), open: {} };
      this.logs.set(stack, log);
      this.byLabel.set(stack.id, log);
    }
    return log;
  }

  /**
   * What each view printed on `label` (a device, or `box/ns1`) when trace event `step` was
   * emitted; after the run, from its records or, for a view nothing changed, its end state.
   */
  viewsAt(label: string, step: number): Record<DeviceViewName, string> | { error: string } {
    const box = this.net.stacks.get(boxOf(label));
    const name = netnsNameOf(label);
    if (!box) return { error: `no device "${label}"` };
    const missing = { error: `no network namespace "${label}"` };
    let log: NamespaceLog | undefined;
    if (name !== undefined) {
      const names = this.logs.get(box)?.names;
      const listed = names ? at(names, step) : undefined;
      const existing = names ? (listed === undefined ? undefined : textOf(listed, undefined).split('\n')) : box.netns?.names();
      if (!existing?.includes(name)) return missing;
      log = this.byLabel.get(label);
    } else log = this.logs.get(box);
    const end = name === undefined ? box : box.netns?.get(name);
    const out = {} as Record<DeviceViewName, string>;
    for (const view of NAMES) {
      const track = log?.tracks.get(view);
      const kept = track ? at(track, step) : undefined;
      if (kept !== undefined) out[view] = textOf(kept, view);
      else if (end) out[view] = this.unchangedView(end, view);
      else return missing;
    }
    return out;
  }

  /**
   * Prints ahead, one view per generator step, what viewsAt prints from the end state (the
   * views the run did not change) for the devices of the run: `first` (the run's), then those
   * its frames crossed, in the order they did, at most PREPARED_DEVICES. The first step's views
   * of such a device are then looked up, even a 100,000-route table's `ip route`.
   */
  *prepare(first: string): Generator<void> {
    const devices = new Set([boxOf(first)]);
    for (const e of this.net.trace.inOrder()) {
      if (devices.size >= PREPARED_DEVICES) break;
      if (e.kind === 'frame-sent' || e.kind === 'frame-received') devices.add(boxOf(e.device));
    }
    for (const id of devices) {
      const stack = this.net.stacks.get(id);
      if (!stack) continue;
      const tracks = this.logs.get(stack)?.tracks;
      for (const view of NAMES) {
        if (tracks?.has(view) || this.unchanged.get(stack)?.has(view)) continue;
        this.unchangedView(stack, view);
        yield;
      }
    }
  }

  private unchangedView(stack: Stack, view: DeviceViewName): string {
    let texts = this.unchanged.get(stack);
    if (!texts) this.unchanged.set(stack, (texts = new Map()));
    let text = texts.get(view);
    if (text === undefined) texts.set(view, (text = printView(stack, view)));
    return text;
  }
}

/** Adds `state` valid from `from` unless it is what the track already says. */
function push(track: Track, state: Kept, from: number): void {
  const last = track.states.length - 1;
  if (last >= 0 && sameKept(track.states[last]!, state)) return;
  // Printed again for the same step: the later state is that step's.
  if (last >= 0 && track.from[last] === from) {
    if (last > 0 && sameKept(track.states[last - 1]!, state)) {
      track.states.pop();
      track.from.pop();
    } else track.states[last] = state;
    return;
  }
  track.from.push(from);
  track.states.push(state);
}

function namesOf(stack: Stack): string {
  return stack.netns?.names().join('\n') ?? '';
}

/**
 * The namespaces whose printed state the clock moves, as the network is now. Looking through
 * 10,000 namespaces took a Run 5 ms, so a network booted ahead of its Run has them noted then
 * (noteClockedNamespaces), valid while nothing has run on it since.
 */
export function clockedNamespaces(net: Network): readonly Stack[] {
  const noted = net.clockedAtBoot;
  if (noted && noted.executed === net.scheduler.executed && noted.now === net.scheduler.now) return noted.stacks;
  return lookThrough(net);
}

/** Notes, on a network just booted, the namespaces whose printed state the clock moves (clockedNamespaces). */
export function noteClockedNamespaces(net: Network): void {
  net.clockedAtBoot = { executed: net.scheduler.executed, now: net.scheduler.now, stacks: lookThrough(net) };
}

/** Every namespace, each box's own and those inside it, whose printed state the clock moves now. */
function lookThrough(net: Network): Stack[] {
  const out: Stack[] = [];
  for (const stack of net.stacks.values()) {
    if (clockedAtStart(stack)) out.push(stack);
    for (const name of stack.netns?.names() ?? []) {
      const inner = stack.netns!.get(name)!;
      if (clockedAtStart(inner)) out.push(inner);
    }
  }
  return out;
}

/** Whether a namespace holds, as the run starts, state whose printed text the clock moves. */
function clockedAtStart(stack: Stack): boolean {
  return stack.bridge !== undefined || stack.devices.some((d) => d.type === 'vxlan') || stack.nf.hasConntrackEntries || ipVsConnCount(stack) > 0 || stack.nf.hasNftTables;
}
