import { format, parseScenario } from '../engine/scenario';
import type { Scenario } from '../engine/scenario/types';
import { readScenarioFile } from './read';

/*
 * What every subcommand does first: read the scenario file and parse it, or stop with sysexits'
 * status and a message naming the place. Warnings (a lesson naming what the scenario lacks) go
 * to stderr and do not stop anything.
 */

export const EX_USAGE = 64;
export const EX_DATAERR = 65;
export const EX_SOFTWARE = 70;
export const EX_IOERR = 74;

/** A subcommand's stop: its exit status and what it prints on stderr. */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export function loadScenario(file: string, io: { stderr(s: string): void }): Scenario {
  const read = readScenarioFile(file);
  if (!read.ok) throw new CliExit(EX_DATAERR, read.message);
  const parsed = parseScenario(read.text, file);
  if (!parsed.ok) throw new CliExit(EX_DATAERR, parsed.errors.map((e) => format(e)).join('\n'));
  for (const w of parsed.warnings) io.stderr(`${format(w)} (warning)\n`);
  return parsed.scenario;
}

/** A config line the simulator refused, named by file, device and line as the user wrote it. */
export function configProblems(file: string, scenario: Scenario, issues: readonly { device: string; line: number; column: number; message: string }[]): string[] {
  return issues.map((i) => {
    const dev = scenario.devices.findIndex((d) => d.id === i.device);
    return `${file}: devices.${i.device}.config[${i.line - 1}] (device ${dev + 1}, line ${i.line}, column ${i.column}): ${i.message}`;
  });
}
