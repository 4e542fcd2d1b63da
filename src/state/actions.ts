import * as Comlink from 'comlink';
import { builtinTextNow, isBuiltinName, loadBuiltinText } from '../scenarios/names';
import type { InjectResponse, RunRequest, RunResponse } from '../engine/api';
import { injectedRunLabel } from '../engine/sim/inject-label';
import type { InjectSpec } from '../engine/sim/inject';
import type { ScenarioDoc } from '../engine/scenario/types';
import { cancelEngine, engine, EngineDied, injectEngine } from '../worker/client';
import { firstFailingLine } from './culprit';
import { useDocument } from './document';
import { useSession, type RanOn, type RunState, type SessionState } from './session';
import { boxOf } from '../engine/trace/netns-label';
import { docText } from './doc-text';
import { deviceIds } from './device-ids';

/* Actions that span the document, the session and the worker. */

/** The request for what the user chose: the selected flow, or a typed command. */
export function currentRequest(): RunRequest {
  const { doc } = useDocument.getState();
  const { flowIndex, custom } = useSession.getState();
  const text = docText(doc);
  return custom ? { doc: text, on: custom.on, command: custom.command } : { doc: text, flow: flowIndex };
}

/** What Run runs now: the command in the command box when it holds one, else the selection. */
export type RunTarget =
  | { kind: 'command'; on: string; command: string }
  | { kind: 'flow'; index: number; on: string; command: string; title?: string }
  /** A packet injected on device `on`; `command` is its label. */
  | { kind: 'packet'; on: string; command: string; spec: InjectSpec };

/** The device the command box runs on: the one chosen beside it, else the selected device, else the first. */
export function commandDevice(doc: ScenarioDoc, typedOn: string | undefined, selected: string | undefined): string {
  if (typedOn && Object.hasOwn(doc.devices, typedOn)) return typedOn;
  // A namespace selected on the canvas (`box/ns1`): its device runs the command.
  const box = selected && boxOf(selected);
  if (box && Object.hasOwn(doc.devices, box)) return box;
  return deviceIds(doc)[0] ?? '';
}

export function runTarget(doc: ScenarioDoc, s: Pick<SessionState, 'typed' | 'typedOn' | 'selectedDevice' | 'custom' | 'flowIndex'> & Partial<Pick<SessionState, 'packet'>>): RunTarget | undefined {
  const typed = s.typed.trim();
  const on = commandDevice(doc, s.typedOn, s.selectedDevice);
  if (typed) return on ? { kind: 'command', on, command: typed } : undefined;
  if (s.custom) return { kind: 'command', ...s.custom };
  if (s.packet && Object.hasOwn(doc.devices, s.packet.spec.device)) return { kind: 'packet', on: s.packet.spec.device, command: s.packet.label, spec: s.packet.spec };
  // The selected flow may have gone with a deleted device: the last one left stands in for it.
  const index = Math.max(0, Math.min(s.flowIndex, doc.flows.length - 1));
  const flow = doc.flows[index];
  return flow ? { kind: 'flow', index, on: flow.on, command: flow.run, title: flow.title } : undefined;
}

/** Run (the button, or Enter in the command box): the typed command becomes the one to run. */
export function runChosen(): Promise<RunState> | undefined {
  const s = useSession.getState();
  const target = runTarget(useDocument.getState().doc, s);
  if (!target) return undefined;
  if (target.kind === 'packet') return sendPacket(target.spec);
  if (target.kind === 'command') s.setCustom({ on: target.on, command: target.command });
  else if (target.index !== s.flowIndex) s.setFlow(target.index);
  return runCurrent();
}

/** Whether `doc` boots without the engine throwing (config the tools refuse is no failure). */
async function bootsInWorker(doc: ScenarioDoc): Promise<boolean> {
  try {
    await engine().configIssues(docText(doc));
    return true;
  } catch (e) {
    if (!(e instanceof EngineDied)) cancelEngine();
    return false;
  }
}

let runId = 0;

/** Runs the current choice in the worker; the page stays responsive and the run can be cancelled. */
export function runCurrent(): Promise<RunState> {
  return runRequest(currentRequest());
}

/**
 * Runs `request` and shows it as the run on screen. The run keeps the document it ran, so an
 * edit made meanwhile or afterwards marks it out of date; a result that arrives after another
 * document was opened (a load, not an edit) is of no use and is dropped.
 */
export function runRequest(request: RunRequest): Promise<RunState> {
  const flow = request.flow !== undefined ? useDocument.getState().doc.flows[request.flow] : undefined;
  const command = request.on !== undefined && request.command !== undefined ? { on: request.on, command: request.command } : flow ? { on: flow.on, command: flow.run } : undefined;
  return runAndShow(command, undefined, (progress) => engine().runScenario(request, progress));
}

/** What a packet injected by `spec` is called before it runs (a local process's source is routing's choice then). */
export const packetLabel = (spec: InjectSpec): string => injectedRunLabel(spec);

/** "Send a packet here": injects the packet on its device (no peer built) and shows its trace as the run. */
export function sendPacket(spec: InjectSpec): Promise<RunState> {
  const label = packetLabel(spec);
  useSession.getState().setPacket({ spec, label });
  const doc = docText(useDocument.getState().doc);
  return runAndShow({ on: spec.device, command: label }, spec, () =>
    injectEngine()
      .runInjection({ doc, spec })
      .then((r) => {
        // Once run, the label has the source routing chose for a local process's packet.
        const s = useSession.getState();
        if (r.ok && s.packet?.spec === spec) useSession.setState({ packet: { spec, label: r.command } });
        return r;
      }),
  );
}

async function runAndShow(command: RanOn['command'], packet: InjectSpec | undefined, call: (progress: (events: number, now: number) => void) => Promise<RunResponse | InjectResponse>): Promise<RunState> {
  const id = ++runId;
  const { doc, generation } = useDocument.getState();
  const ran: RanOn = packet ? { doc, command, packet } : { doc, command };
  const session = useSession.getState();
  const stillWanted = () => id === runId && useDocument.getState().generation === generation;
  session.setRun({ status: 'running', startedAt: Date.now() });
  try {
    const progress = Comlink.proxy((events: number, now: number) => {
      if (id === runId) useSession.getState().setProgress({ events, now });
    });
    const result = await call(progress);
    if (!stillWanted()) return useSession.getState().run;
    session.setRun(result.ok ? { status: 'done', result, ...ran } : { status: 'error', message: result.errors.map((e) => `${e.path}: ${e.message}`).join('\n'), ...ran });
  } catch (e) {
    if (!stillWanted()) return useSession.getState().run;
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof EngineDied) {
      // A dead worker is already replaced.
      session.setRun({ status: 'error', message, failed: true, ...ran });
      return useSession.getState().run;
    }
    // The engine threw: a bug of the simulator rather than a tool's message. Restarted to be
    // safe, then asked which config line it was booting, so the user is pointed at the line.
    cancelEngine();
    const at = await firstFailingLine(doc, bootsInWorker);
    if (!stillWanted()) return useSession.getState().run;
    session.setRun({ status: 'error', message: at ? `The simulator failed on this line (${message}): a bug in Hairpin. Change or remove the line to go on.` : `The simulator could not run it: ${message}.`, at, ...ran });
  }
  return useSession.getState().run;
}

// Another document opened (a load, not an edit) while a run was going: that run is of no use
// any more, and its worker is needed for the next one.
useDocument.subscribe((next, prev) => {
  if (next.generation !== prev.generation && useSession.getState().run.status === 'running') cancelRun();
});

export function cancelRun(): void {
  runId++;
  cancelEngine();
  useSession.getState().setRun({ status: 'idle' });
}

let builtinOpening = 0;

/**
 * Opens a built-in scenario by name, once its file is here (each lesson is a chunk of its own;
 * one already loaded opens at once). Resolves to false when there is none or its file could not
 * be fetched, and when another document was opened meanwhile (a later choice wins).
 */
export async function openBuiltin(name: string): Promise<boolean> {
  // Names arrive in URLs and storage: `constructor` is no lesson, whatever Object.prototype says.
  if (!isBuiltinName(name)) return false;
  const id = ++builtinOpening;
  let text = builtinTextNow(name);
  if (text === undefined) {
    const generation = useDocument.getState().generation;
    try {
      text = await loadBuiltinText(name);
    } catch {
      return false;
    }
    if (id !== builtinOpening || useDocument.getState().generation !== generation) return false;
  }
  useDocument.getState().setDoc(JSON.parse(text), name);
  useDocument.temporal.getState().clear();
  const s = useSession.getState();
  s.setFlow(0);
  s.select(undefined);
  s.setRun({ status: 'idle' });
  return true;
}
