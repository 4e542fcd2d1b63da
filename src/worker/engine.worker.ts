import * as Comlink from 'comlink';
import { BootedDocs, configIssues, deviceInsides, deviceModelled, deviceViews, importPasted, injectViews, networksBuilt, recordInjection, recordScenario, type InjectRequest, type PastedText, type RecordedRun, type RunRequest } from '../engine/api';
import { readScenarioText, readShareLink, writeShareLinkText, type SharedStateText } from '../share/read';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { parseProblems } from '../ui/inspector/diagnostics';
import type { ScenarioDoc } from '../engine/scenario/types';
import { layoutPositions, layoutsMade } from '../ui/canvas/layout';
import { CanvasConfigs } from './canvas-configs';
import { injectKey, LastRun, runKey } from './last-run';
import { HEARTBEAT, HEARTBEAT_EVERY_MS, WALL_TIME_MS } from './limits';
import { TASKS, WarmUp } from './warm-up';
import { packRun, transferablesOf, type PackedRun } from './run-wire';
import { placedAnswer } from './placing';

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

/** The last run with its views at every step: stepping through it simulates nothing. */
const lastRun = new LastRun();

/**
 * The document on screen, parsed and booted once: its lint, what its devices hold inside and
 * the next Run share one boot; after a Run, the same document is booted again in idle time so
 * the next Run of it is warm too (sim/booted-docs.ts).
 */
const booted = new BootedDocs();
let bootsAhead = 0;
/** Slices of the boot ahead: short, so a request that arrives meanwhile (a step's views) waits at most one. */
const SLICE_MS = 8;
/**
 * The boot ahead starts once the page has asked nothing for this long: building the network
 * (one stack per device) is one piece of work, and a user stepping through the run just made
 * (a request every 250 ms while it plays) should not wait behind it.
 */
const QUIET_MS = 400;
let lastAsked = 0;
const asked = () => (lastAsked = performance.now());
/** Networks the view requests built (a replay when the kept run is not the one asked about): the browser tests expect none while stepping. */
let viewBuilds = 0;
function views<T>(answer: () => T): T {
  asked();
  const before = networksBuilt();
  try {
    return answer();
  } finally {
    viewBuilds += networksBuilt() - before;
  }
}

/** A boot ahead waiting for the page to be quiet. */
let waiting = false;
function bootAhead(doc: string, seed: number): void {
  const slice = () => {
    const end = performance.now() + SLICE_MS;
    if (booted.advance(() => performance.now() > end)) setTimeout(slice, 0);
  };
  const whenQuiet = () => {
    const quietFor = performance.now() - lastAsked;
    if (quietFor < QUIET_MS) return void setTimeout(whenQuiet, QUIET_MS - quietFor);
    waiting = false;
    if (!booted.start(doc, seed)) return;
    bootsAhead++;
    setTimeout(slice, 0);
  };
  waiting = true;
  setTimeout(whenQuiet, QUIET_MS);
}

/**
 * Right after a run, its devices' views printed ahead in slices (ViewLog.prepare), until
 * another run replaces it: the page asks for a step's views 90 ms after the answer, and the
 * first step printed a 100,000-route table then.
 */
function prepareViews(recorded: RecordedRun | undefined): void {
  if (!recorded) return;
  const steps = recorded.prepare();
  const slice = () => {
    if (!lastRun.holds(recorded)) return;
    const end = performance.now() + SLICE_MS;
    while (!steps.next().done) if (performance.now() > end) return void setTimeout(slice, 0);
  };
  setTimeout(slice, 0);
}

const canvasConfigs = new CanvasConfigs();

/**
 * The engine warmed as soon as the worker has loaded, in slices between the page's requests
 * (worker/warm-up.ts): the first lesson's Run was several times its next ones. A Run stops it.
 */
const warmUp = new WarmUp(BUILTIN_SCENARIOS['home-lan']!, { ...TASKS, sliceMs: SLICE_MS });
/** A run's answer packed for the page (run-wire.ts: a compact trace, unpacked by the client), its buffer transferred. */
function sent<T extends object>(answer: T): PackedRun<T> {
  const packed = packRun(answer);
  return Comlink.transfer(packed, transferablesOf(packed));
}

const api = {
  runScenario: (req: RunRequest, onProgress?: (events: number, now: number) => void) => {
    asked();
    warmUp.stop();
    const { response, recorded } = recordScenario(req, onProgress, deadline(), booted);
    lastRun.keep(runKey(req), recorded);
    prepareViews(recorded);
    if (response.ok) bootAhead(req.doc, req.seed ?? 1);
    return sent(response);
  },
  deviceViews: (req: RunRequest, device: string, step?: number) => views(() => (step === undefined ? undefined : lastRun.views(runKey(req), device, step)) ?? deviceViews(req, device, step, deadline())),
  // These boot the document in one piece when it is not booted yet: the warm-up goes first (it
  // could not run a slice during a large document's boot, and the Run that follows would be cold).
  configIssues: (doc: string) => (warmUp.finish(), configIssues(doc, deadline(), booted)),
  deviceInsides: (doc: string) => (warmUp.finish(), deviceInsides(doc, deadline(), booted)),
  deviceModelled: (doc: string) => (warmUp.finish(), deviceModelled(doc, deadline(), booted)),
  // Paste from a real machine: the importer runs here, so the page never parses tool output itself.
  importPasted: (texts: PastedText[]) => importPasted(texts),
  // "Send a packet here": one packet injected on a device, answered as a run.
  runInjection: (req: InjectRequest) => {
    warmUp.stop();
    const { response, recorded } = recordInjection(req, deadline());
    lastRun.keep(injectKey(req), recorded);
    prepareViews(recorded);
    return sent(response);
  },
  // The device views at a step of an injected packet's run (looked up in the kept run, else replayed to that step).
  injectViews: (req: InjectRequest, device: string, step: number) => views(() => lastRun.views(injectKey(req), device, step) ?? injectViews(req, device, step, deadline())),
  // For the browser tests: networks built (booted) in this worker so far; stepping builds none.
  networksBuilt: () => networksBuilt(),
  // For the browser tests: the documents booted ahead of a Run in idle time.
  bootsAhead: () => bootsAhead,
  // For the browser tests: networks the view requests built (none when they are looked up).
  viewBuilds: () => viewBuilds,
  // For the browser tests: how far the warm-up got ('done' once it ran its lesson, 'stopped' when a Run came first) and the networks it built.
  warmUp: () => ({ state: warmUp.state, networks: warmUp.networks }),
  // For the benchmarks: resolves once no boot ahead is under way (the user's pause before the next Run).
  whenIdle: () =>
    new Promise<void>((resolve) => {
      const poll = () => (waiting || booted.busy() ? setTimeout(poll, 5) : resolve());
      poll();
    }),
  // Opening a document: the page never decodes, parses, validates or lays out one itself (issue 19).
  readShareLink: (hash: string) => placedAnswer(readShareLink(hash)),
  readScenarioText: (text: string, file?: string) => placedAnswer(readScenarioText(text, file)),
  // Where the devices of a document from elsewhere that does not place them go (the page lays out nothing).
  layoutPositions: (doc: ScenarioDoc) => layoutPositions(doc),
  // For the browser tests: the layouts computed here (the page's own count stays 0).
  layoutsMade: () => layoutsMade.count,
  // The config editor's parse errors: a 100,000-line config is linted here, not on the page.
  configParseProblems: (lines: string[]) => parseProblems(lines),
  // The Share dialog's link: deflating a large document here, not on the page.
  writeShareLink: (state: SharedStateText) => writeShareLinkText(state),
  // What the canvas draws from devices' configs (addresses, renamed ports, forwarding): read here, each text once.
  canvasConfigFacts: (configs: string[][]) => canvasConfigs.facts(configs),
};
export type EngineApi = typeof api;
Comlink.expose(api);
// Loaded and listening: the page's watchdog gives a worker still loading more time.
postMessage(HEARTBEAT);
warmUp.start();

