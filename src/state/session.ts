import { create } from 'zustand';
import type { RunResponse } from '../engine/api';
import type { InjectSpec } from '../engine/sim/inject';
import type { ScenarioDoc } from '../engine/scenario/types';
import type { FailingLine } from './culprit';

/*
 * Everything that is not the document: what is selected, which flow or command runs, the
 * worker's result, and where playback stands. Not undoable.
 */

/**
 * The document a run ran on (the very object: edits make new ones, undo brings old ones back),
 * so the page can tell a run of what is on screen from one of an earlier version.
 */
export interface RanOn {
  doc: ScenarioDoc;
  /** What it ran, when known: for a run that failed, the summary says what was being run. */
  command?: { on: string; command: string };
  /** The packet injected, when the run was one ("Send a packet here"): its views replay the injection. */
  packet?: InjectSpec;
}

export type RunState =
  | { status: 'idle' }
  | { status: 'running'; startedAt: number; progress?: { events: number; now: number } }
  | ({ status: 'done'; result: Extract<RunResponse, { ok: true }> } & RanOn)
  /**
   * `failed`: the run started but the engine died under it (not a problem with the scenario);
   * `at`: the config line the engine was applying when it threw.
   */
  | ({ status: 'error'; message: string; failed?: boolean; at?: FailingLine } & Partial<RanOn>);

export interface TraceFilter {
  device?: string;
  protocol?: 'ARP' | 'ICMP' | 'TCP' | 'UDP' | 'DNS';
  kind?: string;
}

export interface SessionState {
  selectedDevice?: string;
  flowIndex: number;
  /** A command run instead of a flow (typed, from a link, or a lesson's check): device and text. */
  custom?: { on: string; command: string };
  /** A packet injected on a device ("Send a packet here…") run instead of a flow: its spec and its label. */
  packet?: { spec: InjectSpec; label: string };
  /** What the command box holds, and the device chosen beside it (none: the selected device). */
  typed: string;
  typedOn?: string;
  run: RunState;
  /** The current trace step (index into the run's events). */
  step: number;
  playing: boolean;
  /** Events per second while playing. */
  speed: number;
  filter: TraceFilter;
  theme: 'light' | 'dark';
  select(device: string | undefined): void;
  setFlow(index: number): void;
  setCustom(custom: { on: string; command: string } | undefined): void;
  /** The packet to inject becomes what Run runs (the flow and the command box let go). */
  setPacket(packet: { spec: InjectSpec; label: string } | undefined): void;
  /** The command box changed; emptying it returns to the selected flow. */
  setTyped(typed: string): void;
  setTypedOn(on: string): void;
  setRun(run: RunState): void;
  /** A long run's progress report from the worker. */
  setProgress(progress: { events: number; now: number }): void;
  setStep(step: number): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: number): void;
  setFilter(filter: TraceFilter): void;
  setTheme(theme: 'light' | 'dark'): void;
}

export const useSession = create<SessionState>()((set) => ({
  flowIndex: 0,
  typed: '',
  run: { status: 'idle' },
  step: 0,
  playing: false,
  speed: 4,
  filter: {},
  theme: typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
  select: (selectedDevice) => set({ selectedDevice }),
  // Choosing a flow is choosing what Run runs: the command box lets go of it.
  setFlow: (flowIndex) => set({ flowIndex, custom: undefined, packet: undefined, typed: '' }),
  setCustom: (custom) => set({ custom, packet: undefined }),
  setPacket: (packet) => set({ packet, custom: undefined, typed: '' }),
  setTyped: (typed) => set(typed.trim() ? { typed } : { typed, custom: undefined, packet: undefined }),
  setTypedOn: (typedOn) => set({ typedOn }),
  setRun: (run) => set({ run, step: 0, playing: false }),
  setProgress: (progress) => set((s) => (s.run.status === 'running' ? { run: { ...s.run, progress } } : {})),
  setStep: (step) => set({ step }),
  setPlaying: (playing) => set({ playing }),
  setSpeed: (speed) => set({ speed }),
  setFilter: (filter) => set({ filter }),
  setTheme: (theme) => set({ theme }),
}));
