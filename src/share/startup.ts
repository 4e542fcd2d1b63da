import { usePersist } from '../persist/store';
import { runCurrent, sendPacket } from '../state/actions';
import { runIsOutOfDate } from '../state/currency';
import { docText } from '../state/doc-text';
import { useDocument } from '../state/document';
import { useSession } from '../state/session';
import { useTeaching, type Audience, type Reveal } from '../state/teaching';
import { isBuiltinName } from '../scenarios/names';
import { engine } from '../worker/client';
import type { Decoded, SharedState } from './codec';
import { isShareHash } from './hash';
import { nextTask } from '../worker/next-task';
import { useShareNotice } from './notices';

/*
 * Opening a share link (at startup, and when a link is pasted into the address bar of an
 * open page) and making one from what is on screen.
 */

export type OpenResult = { ok: true; opened: boolean } | { ok: false; reason: string };

/** The link opened last: a slower answer for an earlier link is not applied over it. */
let latestLink = 0;

/**
 * Opens `hash` when it is a share link: the engine worker decodes and validates it (a
 * 10,000-device link took the page's main thread for seconds), then the scenario, flow and
 * command open at once, then the run (or the injected packet, sent again) in the worker and the
 * step once its trace is there. A link that does not decode changes nothing but shows an alert
 * saying why; one whose packet does not pass its checks opens without it, and says so. Either
 * way the hash is cleared, so a reload shows the user's own (autosaved) work rather than the
 * link again. Other hashes are left alone.
 */
export async function openSharedLink(hash: string, after?: Promise<unknown>): Promise<OpenResult> {
  if (!isShareHash(hash)) return { ok: true, opened: false };
  const id = ++latestLink;
  clearHash();
  let decoded: Decoded;
  try {
    decoded = await engine().readShareLink(hash);
  } catch (e) {
    decoded = { ok: false, reason: `The engine could not read it (${e instanceof Error ? e.message : String(e)}).` };
  }
  // At startup, what the page restored opens first (a lesson's file may still be on its way): the link goes over it.
  await after?.catch(() => undefined);
  // The answer was read in the task that received it: drawing the document is the next one's.
  await nextTask();
  if (id !== latestLink) return { ok: true, opened: false };
  if (!decoded.ok) {
    useShareNotice.getState().show({ kind: 'error', title: 'This share link could not be opened', detail: `${decoded.reason} Your own work is unchanged.` });
    return { ok: false, reason: decoded.reason };
  }
  // Placed in the worker: drawn once.
  applyShared(decoded);
  if (decoded.packetProblem) {
    useShareNotice.getState().show({ kind: 'error', title: 'The packet in this share link was not sent', detail: `${decoded.packetProblem} The scenario opened without it.` });
  }
  return { ok: true, opened: true };
}

function applyShared(shared: SharedState): void {
  const origin = shared.origin && isBuiltinName(shared.origin) ? shared.origin : undefined;
  useDocument.getState().setDoc(shared.doc, origin);
  useTeaching.getState().setView(shared.audience ?? 'teacher', shared.audience === 'student' ? (shared.reveal ?? 'passed') : undefined);
  // The shared scenario is where this document's history starts: Undo takes back the user's own
  // edits of it, never swaps in the unrelated document open before (autosave keeps that one, in
  // My scenarios, or it is a lesson). Without storage the history is the only copy: kept then.
  if (usePersist.getState().available) useDocument.temporal.getState().clear();
  const session = useSession.getState();
  session.select(undefined);
  session.setFlow(shared.flow);
  if (shared.custom) session.setCustom(shared.custom);
  session.setRun({ status: 'idle' });
  // An injected packet is sent again, as if Send were pressed: its trace is the run.
  if (shared.packet === undefined && shared.step === undefined) return; // shared before any run: show it the same way
  const step = shared.step;
  void (shared.packet ? sendPacket(shared.packet) : runCurrent()).then(() => {
    const run = useSession.getState().run;
    if (step !== undefined && run.status === 'done' && run.result.events.length) useSession.getState().setStep(Math.min(step, run.result.events.length - 1));
  });
}

function clearHash(): void {
  if (typeof history !== 'undefined') history.replaceState(history.state, '', location.pathname + location.search);
}

/**
 * What is on screen, as a share link holds it: the document, the flow, typed command or injected
 * packet, and the step of a finished run; for a student, with the answers held back as `reveal` says.
 */
export function currentShareState(view: { audience: Audience; reveal: Reveal } = { audience: 'teacher', reveal: 'passed' }): SharedState {
  const { doc, origin } = useDocument.getState();
  const { flowIndex, custom, packet, run, step } = useSession.getState();
  const state: SharedState = { doc, flow: doc.flows.length ? Math.min(flowIndex, doc.flows.length - 1) : 0 };
  if (custom && Object.hasOwn(doc.devices, custom.on)) state.custom = custom;
  else if (packet && Object.hasOwn(doc.devices, packet.spec.device)) state.packet = packet.spec;
  // A step of a run made on an earlier version would point into a trace the link never makes.
  if (run.status === 'done' && !runIsOutOfDate()) state.step = Math.max(0, Math.min(step, run.result.events.length - 1));
  if (origin) state.origin = origin;
  if (view.audience === 'student') {
    state.audience = 'student';
    if (view.reveal !== 'passed') state.reveal = view.reveal;
  }
  return state;
}

/**
 * The same, encoded in the engine worker (deflating a 10,000-device document took the page
 * hundreds of milliseconds at each change while the Share dialog was open); encoded here if the
 * worker cannot answer.
 */
export async function makeShareHash(view: { audience: Audience; reveal: Reveal }): Promise<string> {
  const state = currentShareState(view);
  try {
    return await engine().writeShareLink({ ...state, doc: docText(state.doc) });
  } catch {
    // The codec and the lessons' files are the worker's; the page loads them only for this.
    const [{ encode }, { builtinLesson }] = await Promise.all([import('./codec'), import('../lessons')]);
    return encode(state, builtinLesson);
  }
}
