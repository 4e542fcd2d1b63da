import * as Comlink from 'comlink';
import type { SharedState } from '../share/codec';
import { configIssues, deviceInsides, deviceModelled, deviceViews, importPasted, injectViews, runInjection, runScenario, type InjectRequest, type PastedText, type RunRequest } from '../engine/api';
import { readScenarioText, readShareLink, writeShareLink } from '../share/read';
import { parseProblems } from '../ui/inspector/diagnostics';
import { HEARTBEAT, HEARTBEAT_EVERY_MS, WALL_TIME_MS } from './limits';

/*
 * The engine in a Web Worker: the page stays responsive while it runs. Each call gets a
 * wall-clock deadline (the engine keeps no clock of its own); checking it also sends the page
 * a heartbeat, so the page can tell a long run from a dead worker.
 */

function deadline(): () => boolean {
  const end = performance.now() + WALL_TIME_MS;
  let beat = performance.now();
  return () => {
    const now = performance.now();
    if (now - beat >= HEARTBEAT_EVERY_MS) {
      beat = now;
      postMessage(HEARTBEAT);
    }
    return now > end;
  };
}

const api = {
  runScenario: (req: RunRequest, onProgress?: (events: number, now: number) => void) => runScenario(req, onProgress, deadline()),
  deviceViews: (req: RunRequest, device: string, step?: number) => deviceViews(req, device, step, deadline()),
  configIssues: (doc: string) => configIssues(doc, deadline()),
  deviceInsides: (doc: string) => deviceInsides(doc, deadline()),
  deviceModelled: (doc: string) => deviceModelled(doc, deadline()),
  // Paste from a real machine: the importer runs here, so the page never parses tool output itself.
  importPasted: (texts: PastedText[]) => importPasted(texts),
  // "Send a packet here": one packet injected on a device, answered as a run.
  runInjection: (req: InjectRequest) => runInjection(req, deadline()),
  // The device views at a step of an injected packet's run (the injection replayed to that step).
  injectViews: (req: InjectRequest, device: string, step: number) => injectViews(req, device, step, deadline()),
  // Opening a document: the page never decodes, parses or validates one itself (issue 19).
  readShareLink: (hash: string) => readShareLink(hash),
  readScenarioText: (text: string, file?: string) => readScenarioText(text, file),
  // The config editor's parse errors: a 100,000-line config is linted here, not on the page.
  configParseProblems: (lines: string[]) => parseProblems(lines),
  // The Share dialog's link: deflating a large document here, not on the page.
  writeShareLink: (state: SharedState) => writeShareLink(state),
};
export type EngineApi = typeof api;
Comlink.expose(api);
// Loaded and listening: the page's watchdog gives a worker still loading more time.
postMessage(HEARTBEAT);

