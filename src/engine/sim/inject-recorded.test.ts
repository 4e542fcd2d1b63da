import { describe, expect, it } from 'vitest';
import { injectCases, portsOf, recorded, simulated } from '../conformance/inject-cases';

/*
 * `hairpin trace` against the kernel: every case of fixtures/kernel-inject/cases.json, the
 * simulator's frames on each port of the device beside the kernel's recording
 * (src/engine/conformance/inject-cases.ts says what is compared and why).
 */

describe('an injected packet, as the kernel handles it (recorded)', () => {
  for (const c of injectCases) {
    it(c.name, () => {
      const sim = simulated(c);
      for (const port of portsOf(c)) expect({ port, frames: sim.get(port) }).toEqual({ port, frames: recorded(c, port) });
    });
  }
});
