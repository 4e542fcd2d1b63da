import type { ScenarioDoc } from '../engine/scenario/types';

/*
 * When the engine throws while a scenario boots (a bug of the simulator, not a message of a
 * tool), the user still needs to know which line to look at. Booting only the first n config
 * lines (in document order) either works or throws; the smallest n that throws names the line.
 * A binary search: a few boots, however long the configs.
 */

export interface FailingLine {
  device: string;
  /** 1-based, as the editor numbers it. */
  line: number;
  text: string;
}

/** `doc` with only its first `n` config lines, in document order, kept. */
function firstLines(doc: ScenarioDoc, n: number): ScenarioDoc {
  let left = n;
  const devices: ScenarioDoc['devices'] = {};
  for (const [id, d] of Object.entries(doc.devices)) {
    const config = d.config ?? [];
    const keep = Math.max(0, Math.min(left, config.length));
    left -= keep;
    devices[id] = keep === config.length ? d : { ...d, config: config.slice(0, keep) };
  }
  return { ...doc, devices };
}

/**
 * The first config line whose boot makes `boots` fail; undefined when the whole config boots
 * (the command is at fault) or when even no config at all fails (nothing to point at).
 */
export async function firstFailingLine(doc: ScenarioDoc, boots: (doc: ScenarioDoc) => Promise<boolean>): Promise<FailingLine | undefined> {
  const lines = Object.entries(doc.devices).flatMap(([device, d]) => (d.config ?? []).map((text, i) => ({ device, line: i + 1, text })));
  if (!lines.length || (await boots(doc)) || !(await boots(firstLines(doc, 0)))) return undefined;
  // boots(first lo lines) holds, boots(first hi lines) fails.
  let lo = 0;
  let hi = lines.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (await boots(firstLines(doc, mid))) lo = mid;
    else hi = mid;
  }
  return lines[hi - 1];
}
