import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseConfigScript } from './iptables-restore';
import { parseFlowLine } from './parse';

/** Every config line and flow of the example scenarios parses (the scenario format's contract). */
const dirs = ['../../../../shared/scenarios', '../../scenarios'].map((d) => fileURLToPath(new URL(d, import.meta.url))).filter((d) => existsSync(d));

interface Doc { devices: Record<string, { config?: string[] }>; flows: { on: string; run: string }[] }

for (const dir of dirs) {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as Doc;
    describe(`${file}`, () => {
      for (const [id, device] of Object.entries(doc.devices)) {
        if (!device.config) continue;
        it(`config of ${id} parses`, () => {
          const parsed = parseConfigScript(device.config!);
          for (const p of parsed) expect(p.ok ? 'ok' : p.error).toBe('ok');
        });
      }
      for (const flow of doc.flows) {
        it(`flow on ${flow.on}: ${flow.run}`, () => {
          const p = parseFlowLine(flow.run);
          expect(p.ok ? 'ok' : p.error).toBe('ok');
        });
      }
    });
  }
}
