import { parseFlowLine } from '../command/parse';
import { parseConfigScript } from '../command/script';
import type { Command, ParsedLine, ShellList } from '../command/types';
import { NOT_RECORDED_TYPES } from '../tools/inside';
import { boxOf } from './netns-label';
import { isModelledFeature, modelledFeatures, sorted, type ModelledFeature } from './modelled-note';
import type { TraceEvent } from './types';

/*
 * Which devices and flows are modelled, read from their config and command lines (the parsers);
 * the feature names and the note are in modelled-note.ts, which the page loads without them.
 */
export { modelledFeatures, modelledNote, type ModelledFeature } from './modelled-note';

/**
 * A device the test kernel cannot build whole: its config runs ipvsadm or makes a link of a type
 * in NOT_RECORDED_TYPES. A flow that touches it is modelled, not recorded; the lab (and the
 * recorder) still builds the device's ports, so the scenario's other flows are recorded.
 */
export interface ModelledDevice {
  id: string;
  features: ModelledFeature[];
}

/** What one command line (a config line or a flow's run line) needs that the test kernel lacks. */
export function commandFeatures(list: ShellList<Command>): ModelledFeature[] {
  const used = new Set<ModelledFeature>();
  const visit = (c: Command): void => {
    if (c.kind === 'ipvsadm') used.add('IPVS');
    else if (c.kind === 'ip-link-add' && (NOT_RECORDED_TYPES as readonly string[]).includes(c.type) && isModelledFeature(c.type)) used.add(c.type);
    else if (c.kind === 'netns-exec') visit(c.command);
    else if (c.kind === 'group') c.list.forEach(visitList);
  };
  const visitList = (l: ShellList<Command>[number]): void => {
    for (const s of [l.first, ...l.rest.map((r) => r.cmd)]) for (const stage of [...(s.upstream ?? []), s]) visit(stage.command);
  };
  list.forEach(visitList);
  return sorted(used);
}

/**
 * Per config (the scenario's arrays do not change): every Run of a document asks, and a
 * 100,000-line config takes a while to read, so the boot, which reads it anyway, notes it here.
 */
const featuresOfConfig = new WeakMap<readonly string[], ModelledFeature[]>();

/** What a device's config needs that the test kernel lacks (a line that does not parse counts for nothing); `parsed` when the caller has read it already. */
export function configFeatures(config: readonly string[], parsed?: readonly ParsedLine<Command>[]): ModelledFeature[] {
  let features = featuresOfConfig.get(config);
  if (!features) {
    const used = new Set<ModelledFeature>();
    for (const line of parsed ?? parseConfigScript(config)) if (line.ok) for (const f of commandFeatures(line.list)) used.add(f);
    featuresOfConfig.set(config, (features = sorted(used)));
  }
  return features;
}

type DevicesOf = { devices: readonly { id: string; config: readonly string[] }[] };
/** Per parsed scenario: every Run's answer says which of its devices are modelled, and 10,000 devices took milliseconds to look through. */
const modelledOfScenario = new WeakMap<DevicesOf, ModelledDevice[]>();

/** The scenario's modelled devices, in document order (worked out once per scenario object: treat the list as read-only). */
export function modelledDevices(scenario: DevicesOf): ModelledDevice[] {
  let out = modelledOfScenario.get(scenario);
  if (!out) {
    out = [];
    for (const d of scenario.devices) {
      const features = configFeatures(d.config);
      if (features.length) out.push({ id: d.id, features });
    }
    modelledOfScenario.set(scenario, out);
  }
  return out;
}

/**
 * Why a flow is modelled, not recorded ([] when the kernel can record it): its trace went
 * through IPVS, its command runs ipvsadm or makes such a link, it runs on a device whose config
 * makes such a link, or such a device sent a frame in it (the kernel could not build that device as the simulator
 * did, so what it sends cannot be compared). A modelled device that only hears a broadcast and
 * ignores it (another host's ARP on a shared switch) leaves the flow recordable: its port's
 * capture still shows the frame arriving, the same on both. Trace events name the device's
 * namespaces `box/ns1`. `inTrace`: what modelledFeatures(events) gives, when the caller has read the trace already.
 */
export function modelledFlowFeatures(events: readonly TraceEvent[], devices: readonly ModelledDevice[], run?: string, on?: string, inTrace: readonly ModelledFeature[] = modelledFeatures(events)): ModelledFeature[] {
  const used = new Set(inTrace);
  // IPVS shows in the trace itself (ipvs_* codes): a device whose config also holds ipvsadm lines
  // answers a ping on the kernel as in the model. A missing link (dummy, VLAN, IPIP) changes its
  // addresses and routes, so anything it sends or runs counts. (Most scenarios have no such
  // device: their traces are not looked through again.)
  if (devices.length) {
    const byId = new Map(devices.map((d) => [d.id, d]));
    const involved = new Set<string>(on === undefined ? [] : [on]);
    for (const e of events) if (e.kind === 'frame-sent') involved.add(boxOf(e.device));
    for (const id of involved) for (const f of byId.get(id)?.features ?? []) if (f !== 'IPVS') used.add(f);
  }
  if (run !== undefined) for (const f of runFeatures(run)) used.add(f);
  return sorted(used);
}

/** The last run line's features: every Run of a flow asks again. */
let lastRun: { run: string; features: ModelledFeature[] } | undefined;

function runFeatures(run: string): ModelledFeature[] {
  if (lastRun?.run !== run) {
    const parsed = parseFlowLine(run);
    lastRun = { run, features: parsed.ok ? commandFeatures(parsed.list) : [] };
  }
  return lastRun.features;
}
