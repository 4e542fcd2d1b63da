import { create } from 'zustand';
import type { RunResponse } from '../engine/api';

/*
 * Everything that is not the document: what is selected, which flow or command runs, the
 * worker's result, and where playback stands. Not undoable.
 */

export type RunState =
  | { status: 'idle' }
  | { status: 'running'; startedAt: number; progress?: { events: number; now: number } }
  | { status: 'done'; result: Extract<RunResponse, { ok: true }> }
  /** `failed`: the run started but the engine died under it (not a problem with the scenario). */
  | { status: 'error'; message: string; failed?: boolean };

export interface TraceFilter {
  device?: string;
  protocol?: 'ARP' | 'ICMP' | 'TCP' | 'UDP' | 'DNS';
  kind?: string;
}

export interface SessionState {
  selectedDevice?: string;
  flowIndex: number;
  /** A command typed by the user instead of a flow: device and text. */
  custom?: { on: string; command: string };
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
  run: { status: 'idle' },
  step: 0,
  playing: false,
  speed: 4,
  filter: {},
  theme: typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
  select: (selectedDevice) => set({ selectedDevice }),
  setFlow: (flowIndex) => set({ flowIndex, custom: undefined }),
  setCustom: (custom) => set({ custom }),
  setRun: (run) => set({ run, step: 0, playing: false }),
  setProgress: (progress) => set((s) => (s.run.status === 'running' ? { run: { ...s.run, progress } } : {})),
  setStep: (step) => set({ step }),
  setPlaying: (playing) => set({ playing }),
  setSpeed: (speed) => set({ speed }),
  setFilter: (filter) => set({ filter }),
  setTheme: (theme) => set({ theme }),
}));
