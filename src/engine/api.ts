import { boxOf, netnsNameOf } from './trace/netns-label';
import type { Stack } from './kernel/stack';
import { parseScenario, type ScenarioError } from './scenario';
import type { Scenario } from './scenario/types';
import { MAX_PORTS_PER_DEVICE } from './scenario/limits';
import { boot, runCommand, runOn, type ConfigIssue, type FlowResult, type OutOfTime } from './sim/run';
import { BootedDocs } from './sim/booted-docs';
import { Network } from './sim/network';
import { describeInside, type DeviceInside } from './tools/inside';
import { modelledNamespaces } from './tools/ipvs';
import { modelledDevices, modelledFlowFeatures, type ModelledFeature } from './trace/modelled';
import { sorted as sortedFeatures } from './trace/modelled-note';
import type { PortFrames } from './trace/frame-ports';
import { printViews, type ViewLog, type ViewLogSize } from './trace/view-log';
import type { DeviceViewName } from './views';
import type { TraceEvent } from './trace/types';
import { describeInjected, MARK_FROM_OUTSIDE, runInject, type InjectSpec } from './sim/inject';
import { injectedRunLabel } from './sim/inject-label';

export { injectedRunLabel };
import { packetVerdict, type PacketVerdict } from './trace/packet-verdict';

/*
 * The engine as the playground uses it, behind the worker: plain data in (scenario text and a
 * request), plain data out (the trace, printed views). Nothing here keeps state between calls:
 * a recorded run (recordScenario, recordInjection) is handed to the caller, who may keep it.
 */

export interface RunRequest {
  /** The scenario document as JSON text. */
  doc: string;
  /** A flow of the scenario, or any command on any device. */
  flow?: number;
  on?: string;
  command?: string;
  seed?: number;
}

export interface PortInfo {
  /** "device:port" */
  id: string;
  /** Indexes into `events` of the frames seen on this port (sent or received). */
  frames: number[];
  /** A topology port the config renamed (`ip link set eth1 name wan0`): the kernel's name for it, as `tcpdump -i` takes it. */
  ifname?: string;
}

export type RunResponse =
  | {
      ok: true;
      device: string;
      command: string;
      exit: number;
      stdout: string;
      stderr: string;
      stopReason: FlowResult['stopReason'];
      endedAt: number;
      events: TraceEvent[];
      /** The trace hit its size limit: later events are missing. */
      truncated: boolean;
      ports: PortInfo[];
      configIssues: ConfigIssue[];
      /** What the run went through that the test kernel lacks (trace/modelled.ts), as `hairpin check` says it. */
      modelled: ModelledFeature[];
    }
  | { ok: false; errors: ScenarioError[] };

function load(doc: string): { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[] } {
  const parsed = parseScenario(doc);
  return parsed.ok ? { ok: true, scenario: parsed.scenario } : { ok: false, errors: parsed.errors };
}

function target(scenario: Scenario, req: RunRequest): { on: string; command: string } {
  if (req.on !== undefined && req.command !== undefined) return { on: req.on, command: req.command };
  const flow = scenario.flows[req.flow ?? 0];
  if (!flow) throw new Error(`the scenario has no flow ${req.flow ?? 0}`);
  return { on: flow.on, command: flow.run };
}

/** What a Run's answer says of its trace: the ports frames crossed, and the modelled features it went through, as the recorder noted them while it kept the events. */
function readTrace(network: Network): { ports: PortInfo[]; features: ModelledFeature[] } {
  return { ports: portsCrossed(network, network.trace.ports.inOrder), features: sortedFeatures(network.trace.features) };
}

/**
 * Every interface frames crossed, as tcpdump there would name it: the topology's ports first, in
 * document order (one moved into a namespace of its box keeps its name), then the box's own
 * interfaces (`box:br0`) and those inside its namespaces (`box/ns1:eth0`), as they appear. A port
 * no frame crossed is not listed: the page knows the document's ports, and 10,000 idle devices
 * made every answer carry (and the worker pack, and the page unpack) 10,000 empty entries.
 * `lists`: the frames of each label and port, in the order of their first frame (trace/frame-ports.ts).
 */
function portsCrossed(network: Network, lists: readonly PortFrames[]): PortInfo[] {
  const crossed: Crossed[] = [];
  const byId = new Map<string, Crossed>();
  for (const list of lists) {
    const box = boxOf(list.label);
    const topology = topologyPlace(network, box, list.name);
    // A topology port moved into a namespace of its box is still the box's port of that name.
    const moved = !list.renamed && box !== list.label && topology !== undefined && !network.stacks.get(box)?.byName.has(list.name);
    const own = list.renamed || moved || box === list.label;
    const id = own ? `${box}:${list.name}` : `${list.label}:${list.name}`;
    // The same interface reached under another label (a moved port) is one entry.
    let c = byId.get(id);
    if (!c) {
      crossed.push((c = { id, lists: [], order: own && topology !== undefined ? topology : Infinity, seen: crossed.length }));
      byId.set(id, c);
    }
    c.lists.push(list);
  }
  crossed.sort((a, b) => a.order - b.order || a.seen - b.seen);
  return crossed.map((c) => {
    // Copies of exactly their length: an array grown by push keeps up to half as many slots again.
    const frames = c.lists.length === 1 ? c.lists[0]!.frames.slice() : c.lists.flatMap((l) => l.frames).sort((x, y) => x - y);
    // A renamed port's kernel name is the last one it had.
    let ifname: string | undefined;
    let at = -1;
    for (const l of c.lists) if (l.ifnameAt > at) ({ ifname, ifnameAt: at } = l);
    return ifname !== undefined ? { id: c.id, frames, ifname } : { id: c.id, frames };
  });
}

interface Crossed {
  id: string;
  /** Its frames under each label it had. */
  lists: PortFrames[];
  /** Document order of a topology port; Infinity for any other interface. */
  order: number;
  /** When it first carried a frame. */
  seen: number;
}

/** A topology port's place in document order (device, then port); undefined for any other interface. */
function topologyPlace(network: Network, box: string, port: string): number | undefined {
  const d = network.devices.get(box);
  const p = d ? d.ports.findIndex((x) => x.name === port) : -1;
  return p < 0 ? undefined : d!.index * (MAX_PORTS_PER_DEVICE + 1) + p;
}

/** `outOfTime` is the caller's wall-clock budget (the worker's deadline): see RunOptions. */
export function runScenario(req: RunRequest, onProgress?: (events: number, now: number) => void, outOfTime?: OutOfTime): RunResponse {
  return scenarioRun(req, onProgress, outOfTime, false).response;
}

/**
 * A run, and what the inspector's views printed at each of its steps: the caller keeps it to
 * answer a step's views (RecordedRun.views) without simulating anything again.
 */
export function recordScenario(req: RunRequest, onProgress?: (events: number, now: number) => void, outOfTime?: OutOfTime, booted?: BootedDocs): { response: RunResponse; recorded?: RecordedRun } {
  return scenarioRun(req, onProgress, outOfTime, true, booted);
}

export { BootedDocs };

/** A run's views at every step, recorded with it (trace/view-log.ts). */
export interface RecordedRun {
  /** What each tool prints on `device` (or `box/ns1`) when event `step` was emitted: as deviceViews answers, looked up. */
  views(device: string, step: number): Record<DeviceViewName, string> | { error: string };
  /** The texts kept and their characters. */
  size(): ViewLogSize;
  /** Prints ahead, a view per step, the views a step of the run's devices would print from its end state (ViewLog.prepare). */
  prepare(): Generator<void>;
}

function recorded(log: ViewLog | undefined, device: string): RecordedRun | undefined {
  return log && { views: (label, step) => log.viewsAt(label, step), size: () => log.size(), prepare: () => log.prepare(device) };
}

function scenarioRun(req: RunRequest, onProgress: ((events: number, now: number) => void) | undefined, outOfTime: OutOfTime | undefined, viewLog: boolean, booted?: BootedDocs): { response: RunResponse; recorded?: RecordedRun } {
  const loaded = booted ? booted.load(req.doc) : load(req.doc);
  if (!loaded.ok) return { response: loaded };
  const { on, command } = target(loaded.scenario, req);
  if (!loaded.scenario.devices.some((d) => d.id === on)) throw new Error(`no device "${on}"`);
  // The playground replays the trace (tcpdump lines come from its frames): no per-port captures.
  const opts = { seed: req.seed, onProgress, outOfTime, capture: false, viewLog };
  // The network booted ahead for this very document (its lint, or the last Run's re-boot) is the one this run would boot.
  const ready = booted?.take(req.doc, req.seed ?? 1);
  const r = ready ? runOn(ready.net, on, command, ready.issues, opts) : runCommand(loaded.scenario, on, command, opts);
  const read = readTrace(r.network);
  return { recorded: recorded(r.viewLog, r.device), response: {
    ok: true,
    device: r.device,
    command: r.command,
    exit: r.exit,
    stdout: r.stdout,
    stderr: r.stderr,
    stopReason: r.stopReason,
    endedAt: r.endedAt,
    events: r.events,
    truncated: r.network.trace.truncated,
    ports: read.ports,
    configIssues: r.configIssues,
    modelled: modelledFlowFeatures(r.events, modelledDevices(loaded.scenario), command, on, read.features),
  } };
}

export { DEVICE_VIEWS, type DeviceViewName } from './views';

/** The stack a trace label names: a device's init namespace (`box`) or one of its named ones (`box/ns1`). */
function stackOf(net: Network, label: string): Stack | undefined {
  const init = net.stacks.get(boxOf(label));
  const name = netnsNameOf(label);
  return name === undefined ? init : init?.netns?.get(name);
}

/**
 * What each tool prints on `device` (a device id, or a namespace's label `box/ns1`: the tools
 * run in that namespace, as `ip netns exec ns1 …` would) at trace step `step` of the run `req` (the run is replayed
 * deterministically and stopped inside the code that emits that event), or after boot when `step` is undefined.
 * A caller that kept the run's RecordedRun looks the step up there instead.
 */
export function deviceViews(req: RunRequest, device: string, step?: number, outOfTime?: OutOfTime): Record<DeviceViewName, string> | { error: string } {
  const loaded = load(req.doc);
  if (!loaded.ok) return { error: loaded.errors[0]?.message ?? 'the scenario does not parse' };
  let stack: Stack | undefined;
  if (step === undefined) {
    const net = new Network(loaded.scenario, req.seed ?? 1);
    boot(net, outOfTime);
    stack = stackOf(net, device);
  } else {
    const { on, command } = target(loaded.scenario, req);
    const replay = runCommand(loaded.scenario, on, command, { seed: req.seed, stopAtEvent: step, outOfTime, capture: false });
    // Out of time before the step: the state there is unknown, not the state at an earlier step.
    if (replay.stopReason === 'wall-time' && replay.events.length <= step) return { error: `replaying the run to step ${step + 1} took too long` };
    stack = stackOf(replay.network, device);
  }
  return viewsOf(stack, device);
}

function viewsOf(stack: Stack | undefined, device: string): Record<DeviceViewName, string> | { error: string } {
  if (!stack) return { error: netnsNameOf(device) === undefined ? `no device "${device}"` : `no network namespace "${device}"` };
  return printViews(stack);
}

export type { DeviceInside, InnerInterface, InnerNamespace, InterfaceRef } from './tools/inside';

/**
 * What each device that holds namespaces or interfaces it made (`ip netns add`, `ip link add`)
 * has inside after boot, by device id: the canvas draws it within the device.
 */
export function deviceInsides(doc: string, outOfTime?: OutOfTime, booted?: BootedDocs): Record<string, DeviceInside> | { error: string } {
  const loaded = booted ? booted.load(doc) : load(doc);
  if (!loaded.ok) {
    const first = loaded.errors[0];
    return { error: first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'the scenario does not parse' };
  }
  const net = bootedNetwork(loaded.scenario, doc, outOfTime, booted);
  const out: Record<string, DeviceInside> = {};
  for (const d of loaded.scenario.devices) {
    const inside = describeInside(net.stacks.get(d.id)!, d, (dev) => net.scenarioPortOf(dev));
    if (inside) out[d.id] = inside;
  }
  return out;
}

/**
 * By trace label (`box`, `box/ns1`), each namespace whose state after boot uses a feature the
 * test kernel lacks (an IPVS virtual service): the canvas marks its device "modelled, not
 * recorded" and the inspector offers its IPVS views.
 */
export function deviceModelled(doc: string, outOfTime?: OutOfTime, booted?: BootedDocs): Record<string, ModelledFeature[]> | { error: string } {
  const loaded = booted ? booted.load(doc) : load(doc);
  if (!loaded.ok) return { error: loaded.errors[0]?.message ?? 'the scenario does not parse' };
  const net = bootedNetwork(loaded.scenario, doc, outOfTime, booted);
  const out: Record<string, ModelledFeature[]> = {};
  for (const d of loaded.scenario.devices) Object.assign(out, modelledNamespaces(net.stacks.get(d.id)!));
  return out;
}

/** Config problems of every device (for the editor's underlines), without running a flow. */
export function configIssues(doc: string, outOfTime?: OutOfTime, booted?: BootedDocs): ConfigIssue[] | { errors: ScenarioError[] } {
  if (booted) {
    const b = booted.boot(doc, 1, outOfTime);
    return 'errors' in b ? b : b.issues;
  }
  const loaded = load(doc);
  if (!loaded.ok) return { errors: loaded.errors };
  return boot(new Network(loaded.scenario, 1), outOfTime);
}

/** The document booted (read, not run): the kept one when the caller keeps them, else a new boot. */
function bootedNetwork(scenario: Scenario, doc: string, outOfTime: OutOfTime | undefined, booted: BootedDocs | undefined): Network {
  if (booted) {
    const b = booted.boot(doc, 1, outOfTime);
    if (!('errors' in b)) return b.net;
  }
  const net = new Network(scenario, 1);
  boot(net, outOfTime);
  return net;
}

/** Paste from a real machine (issue 18): what `ip`, `iptables-save`, `nft` … printed, as config lines, ports and what was left out. */
export { importPasted, type ImportResult, type NotImported, type PastedText } from './import';

export interface InjectRequest {
  /** The scenario document as JSON text. */
  doc: string;
  /** The packet, and the device and port (or local process) it starts from. */
  spec: InjectSpec;
  seed?: number;
}

/** A run's response with what the packet's verdict says: the summary shows that sentence. */
export type InjectResponse =
  | (Extract<RunResponse, { ok: true }> & { injected: { inPort?: string; packetText: string; verdict: PacketVerdict } })
  | { ok: false; errors: ScenarioError[] };


/** What is wrong with injecting `spec` into this scenario (the field it is about), if anything: runInject would throw. */
function injectProblem(scenario: Scenario, spec: InjectSpec): ScenarioError | undefined {
  const device = scenario.devices.find((d) => d.id === spec.device);
  if (!device) return { path: 'device', line: 0, column: 0, message: `no device "${spec.device}"` };
  if (!spec.fromLocal && !device.ports.some((p) => p.name === spec.inPort)) {
    return { path: 'inPort', line: 0, column: 0, message: `device ${spec.device} has no port "${spec.inPort ?? ''}" (ports: ${device.ports.map((p) => p.name).join(', ') || 'none'})` };
  }
  if (!spec.fromLocal && spec.src === undefined) return { path: 'src', line: 0, column: 0, message: 'a packet from outside needs its source address' };
  if (!spec.fromLocal && spec.mark) return { path: 'mark', line: 0, column: 0, message: MARK_FROM_OUTSIDE };
  return undefined;
}

/**
 * "Where does this packet go?" (sim/inject.ts) answered as a run, so the playground plays its
 * trace back as any other: the command is the packet's description, the exit status the
 * CLI's (`hairpin trace`: 0 delivered or forwarded, 1 dropped or refused).
 */
export function runInjection(req: InjectRequest, outOfTime?: OutOfTime): InjectResponse {
  return injectionRun(req, outOfTime, false).response;
}

/** runInjection, and what the views printed at each step of its run (see recordScenario). */
export function recordInjection(req: InjectRequest, outOfTime?: OutOfTime): { response: InjectResponse; recorded?: RecordedRun } {
  return injectionRun(req, outOfTime, true);
}

function injectionRun(req: InjectRequest, outOfTime: OutOfTime | undefined, viewLog: boolean): { response: InjectResponse; recorded?: RecordedRun } {
  const loaded = load(req.doc);
  if (!loaded.ok) return { response: loaded };
  const { spec } = req;
  const problem = injectProblem(loaded.scenario, spec);
  if (problem) return { response: { ok: false, errors: [problem] } };
  const r = runInject(loaded.scenario, spec, { seed: req.seed, outOfTime, viewLog });
  const packetText = describeInjected(spec, r.packet?.src);
  const v = packetVerdict({ device: spec.device, packetText, inPort: spec.inPort, sendError: r.sendError, events: r.events });
  const label = injectedRunLabel(spec, r.packet?.src);
  const read = readTrace(r.network);
  return { recorded: recorded(r.viewLog, spec.device), response: {
    ok: true,
    device: spec.device,
    command: label,
    exit: v.ok ? 0 : 1,
    stdout: '',
    stderr: r.sendError ? `${r.sendError}\n` : '',
    stopReason: r.stopReason,
    endedAt: r.events[r.events.length - 1]?.t ?? r.injectedAt,
    events: r.events,
    truncated: r.network.trace.truncated,
    ports: read.ports,
    configIssues: r.configIssues,
    modelled: modelledFlowFeatures(r.events, modelledDevices(loaded.scenario), undefined, spec.device, read.features),
    injected: { inPort: spec.inPort, packetText, verdict: v },
  } };
}

/**
 * deviceViews for the run of an injected packet: what each tool prints on `device` (or a
 * namespace's label) at trace step `step` of runInjection(req)'s trace. The injection is
 * replayed and stopped inside the code that emits that step, so a conntrack entry shows from
 * its confirmation on, and a rule's counters from the packet's passing it.
 */
export function injectViews(req: InjectRequest, device: string, step: number, outOfTime?: OutOfTime): Record<DeviceViewName, string> | { error: string } {
  const loaded = load(req.doc);
  if (!loaded.ok) return { error: loaded.errors[0]?.message ?? 'the scenario does not parse' };
  const problem = injectProblem(loaded.scenario, req.spec);
  if (problem) return { error: `${problem.path}: ${problem.message}` };
  const replay = runInject(loaded.scenario, req.spec, { seed: req.seed, stopAtEvent: step, outOfTime });
  // Out of time before the step: the state there is unknown, not the state at an earlier step.
  if (replay.stopReason === 'wall-time' && replay.events.length <= step) return { error: `replaying the run to step ${step + 1} took too long` };
  return viewsOf(stackOf(replay.network, device), device);
}

/** Networks built (scenarios booted) in this process so far: a step answered from a recorded run builds none. */
export function networksBuilt(): number {
  return Network.built;
}
