import { isatty } from 'node:tty';
import { parseArgs } from 'node:util';
import { importPasted, type PastedText } from '../engine/import';
import { format, parseScenario } from '../engine/scenario';
import { deviceIdProblem } from '../engine/scenario/names';
import type { DeviceDoc, ScenarioDoc } from '../engine/scenario/types';
import type { Mac } from '../engine/addr/mac';
import { readScenarioFile, readStdin, STDIN_NAME } from './read';
import { EX_DATAERR, EX_USAGE } from './load';
import type { Io } from './main';

/*
 * `hairpin import --device NAME FILE… [--into LAB.json]`: what a real Linux machine printed
 * (ip addr, ip route, iptables-save …, see src/engine/import), or the scenario its snapshot
 * script printed, as one device of a scenario. FILE `-` is standard input (`ssh box 'ip a;
 * ip route' | hairpin import --device srv -`), named <stdin> in messages.
 * stdout: the scenario (format 2); stderr: every line not imported, with its file, line and why.
 * Broken input (65) names its file and line, and prints no scenario.
 */

const IMPORT_USAGE = 'hairpin import --device NAME FILE... [--into LAB.json]';

function fail(io: Io, code: number, message: string): number {
  io.stderr(message.endsWith('\n') ? message : message + '\n');
  return code;
}

export function importCommand(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { device: { type: 'string' }, into: { type: 'string' } } });
  if (values.device === undefined || !positionals.length) return fail(io, EX_USAGE, `usage: ${IMPORT_USAGE}\n`);
  const idProblem = deviceIdProblem(values.device);
  if (idProblem) return fail(io, EX_USAGE, `hairpin: --device: ${idProblem}`);

  if (positionals.filter((f) => f === '-').length > 1) return fail(io, EX_USAGE, 'hairpin: standard input (-) can be given once');

  const texts: PastedText[] = [];
  // `-` typed at a terminal, nothing piped: say what it waits for.
  if (positionals.includes('-') && io.stdin === undefined && isatty(0)) io.stderr('hairpin: reading standard input: paste the output, then Ctrl-D\n');
  for (const file of positionals) {
    const read = file === '-' ? readStdin(io.stdin) : readScenarioFile(file);
    if (!read.ok) return fail(io, EX_DATAERR, read.message.replace(/; give the scenario file \(LAB\.json\)/, ''));
    texts.push({ name: file === '-' ? STDIN_NAME : file, text: read.text });
  }
  const result = importPasted(texts);
  if (result.problems.length) return fail(io, EX_DATAERR, result.problems.map((p) => `hairpin: ${p.source}:${p.line}${p.column ? `:${p.column}` : ''}: ${p.message}`).join('\n'));
  if (!result.config.length && !Object.keys(result.ports).length) {
    for (const n of result.notImported) io.stderr(`${n.source}:${n.line}: not imported: ${n.text}: ${n.reason}\n`);
    return fail(io, EX_DATAERR, `hairpin: ${texts.map((t) => t.name).join(', ')}: nothing to import (no output of ip, iptables-save, nft, sysctl or the files listed in \`hairpin help\`)`);
  }

  let doc: ScenarioDoc = { hairpin: 2, title: `${values.device}, imported`, devices: {}, links: [], flows: [] };
  if (values.into !== undefined) {
    const read = readScenarioFile(values.into);
    if (!read.ok) return fail(io, EX_DATAERR, read.message);
    const parsed = parseScenario(read.text, values.into);
    if (!parsed.ok) return fail(io, EX_DATAERR, parsed.errors.map((e) => format(e)).join('\n'));
    doc = parsed.scenario.doc;
  }
  const before = doc.devices[values.device];
  // A snapshot's device keeps its kind when it is new here; one it replaces keeps the lab's.
  const device: DeviceDoc = { kind: before?.kind ?? result.snapshot?.kind ?? 'host', ...(before?.at ? { at: before.at } : {}), ports: result.ports as Record<string, Mac | null>, config: result.config };
  // A link to a port the new device no longer has would make the scenario invalid: it goes, and is said.
  const links = doc.links.filter(([a, b]) =>
    [a, b].every((end) => {
      const [dev, port] = end.split(':');
      return dev !== values.device || port! in device.ports;
    }),
  );
  for (const l of doc.links) if (!links.includes(l)) io.stderr(`hairpin: link ${l[0]} - ${l[1]} removed: ${values.device} has no such port now\n`);
  const out: ScenarioDoc = { ...doc, devices: { ...doc.devices, [values.device]: device }, links };
  const text = JSON.stringify(out, null, 2) + '\n';
  const check = parseScenario(text, '(imported)');
  if (!check.ok) return fail(io, EX_DATAERR, check.errors.map((e) => format(e)).join('\n'));

  for (const n of result.notImported) io.stderr(`${n.source}:${n.line}: not imported: ${n.text}: ${n.reason}\n`);
  io.stdout(text);
  return 0;
}
