/** Helpers for the scenario tests (no test runner imports, so tsc and Vitest both accept it). */
import type { ScenarioError, ScenarioResult } from './errors';

/** A small valid scenario: two hosts on one cable. Fresh on each call, so tests can mutate it. */
export function twoHosts(): Record<string, any> {
  return {
    hairpin: 2,
    title: 'Two hosts',
    devices: {
      pc1: { kind: 'host', at: [0, 0], ports: { eth0: null }, config: ['ip addr add 10.0.0.1/24 dev eth0'] },
      pc2: { kind: 'host', ports: { eth0: null } },
    },
    links: [['pc1:eth0', 'pc2:eth0']],
    flows: [{ on: 'pc1', run: 'ping -c 1 10.0.0.2', expect: { exit: 0 } }],
  };
}

/** Pretty JSON, so that positions in tests land on distinct lines. */
export function text(doc: unknown): string {
  return JSON.stringify(doc, null, 2);
}

/** 1-based line and column of the `occurrence`-th `needle` in `source`. */
export function positionOf(source: string, needle: string, occurrence = 1): { line: number; column: number } {
  let offset = -1;
  for (let i = 0; i < occurrence; i++) {
    offset = source.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`${JSON.stringify(needle)} occurs fewer than ${occurrence} times`);
  }
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

export function errorsOf(result: ScenarioResult): ScenarioError[] {
  if (result.ok) throw new Error('expected errors, but the scenario is valid');
  return result.errors;
}

/** The errors reduced to what tests compare: path, line, column and message. */
export function brief(errors: readonly ScenarioError[]): { path: string; line: number; column: number; message: string }[] {
  return errors.map(({ path, line, column, message }) => ({ path, line, column, message }));
}
