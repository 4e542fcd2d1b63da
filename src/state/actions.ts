import * as Comlink from 'comlink';
import { BUILTIN_SCENARIOS } from '../scenarios';
import type { RunRequest } from '../engine/api';
import { cancelEngine, engine, EngineDied } from '../worker/client';
import { useDocument } from './document';
import { useSession } from './session';

/* Actions that span the document, the session and the worker. */

/** The request for what the user chose: the selected flow, or a typed command. */
export function currentRequest(): RunRequest {
  const { doc } = useDocument.getState();
  const { flowIndex, custom } = useSession.getState();
  const text = JSON.stringify(doc);
  return custom ? { doc: text, on: custom.on, command: custom.command } : { doc: text, flow: flowIndex };
}

let runId = 0;

/** Runs in the worker; the page stays responsive and the run can be cancelled. */
export async function runCurrent(): Promise<void> {
  const id = ++runId;
  const session = useSession.getState();
  session.setRun({ status: 'running', startedAt: Date.now() });
  try {
    const progress = Comlink.proxy((events: number, now: number) => {
      if (id === runId) useSession.getState().setProgress({ events, now });
    });
    const result = await engine().runScenario(currentRequest(), progress);
    if (id !== runId) return;
    if (!result.ok) {
      session.setRun({ status: 'error', message: result.errors.map((e) => `${e.path}: ${e.message}`).join('\n') });
      return;
    }
    session.setRun({ status: 'done', result });
  } catch (e) {
    if (id !== runId) return;
    // A dead worker is already replaced; one that threw is restarted to be safe.
    if (!(e instanceof EngineDied)) cancelEngine();
    session.setRun({ status: 'error', message: e instanceof Error ? e.message : String(e), failed: e instanceof EngineDied });
  }
}

export function cancelRun(): void {
  runId++;
  cancelEngine();
  useSession.getState().setRun({ status: 'idle' });
}

/** Opens a built-in scenario by name; returns false when there is none. */
export function openBuiltin(name: string): boolean {
  const text = BUILTIN_SCENARIOS[name];
  if (!text) return false;
  useDocument.getState().setDoc(JSON.parse(text), name);
  useDocument.temporal.getState().clear();
  const s = useSession.getState();
  s.setFlow(0);
  s.select(undefined);
  s.setRun({ status: 'idle' });
  return true;
}
