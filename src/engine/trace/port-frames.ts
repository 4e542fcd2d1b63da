import type { TraceEvent } from './types';

/*
 * A run's frames by the interface they crossed, noted as the recorder keeps them. A Run's answer
 * lists each interface's frames (api.ts, portsCrossed); finding them afterwards read the whole
 * trace again, cold, a tenth of a 20-ping Run's time in Chromium.
 */

/** One interface's frames: the trace label and port name its events give, and their indexes. */
export interface PortFrames {
  readonly device: string;
  /** The scenario's name of the port when a rename made the names differ (scenarioPort), else the kernel's. */
  readonly name: string;
  readonly frames: number[];
  /** Its first frame's event named the port by its scenario name too (a rename was in effect). */
  readonly renamed: boolean;
  /** A renamed port's last kernel name, and the event that gave it. */
  ifname?: string;
  ifnameAt?: number;
}

export class FramesByPort {
  /** By trace label, then port name: no string made per frame. */
  private readonly byLabel = new Map<string, Map<string, PortFrames>>();
  /** In the order they first carried a frame. */
  readonly ports: PortFrames[] = [];

  /** Notes event `index` if it is a frame on a port. */
  note(e: TraceEvent, index: number): void {
    if ((e.kind !== 'frame-sent' && e.kind !== 'frame-received') || !e.port) return;
    const name = e.scenarioPort ?? e.port;
    let ports = this.byLabel.get(e.device);
    if (!ports) this.byLabel.set(e.device, (ports = new Map()));
    let p = ports.get(name);
    if (!p) {
      ports.set(name, (p = { device: e.device, name, frames: [], renamed: e.scenarioPort !== undefined }));
      this.ports.push(p);
    }
    if (e.scenarioPort !== undefined) {
      p.ifname = e.port;
      p.ifnameAt = index;
    }
    p.frames.push(index);
  }
}
