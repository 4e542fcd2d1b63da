import { parseConfigLine, parseFlowLine } from './parse';
import type { Command, LineError } from './types';

/** Test helpers: the single command of a line, or its error. */
export function configCommand(line: string): Command {
  const p = parseConfigLine(line, 1);
  if (!p.ok) throw new Error(`unexpected error: ${JSON.stringify(p.error)}`);
  return p.list[0]!.first.command;
}

export function flowCommand(line: string): Command {
  const p = parseFlowLine(line);
  if (!p.ok) throw new Error(`unexpected error: ${JSON.stringify(p.error)}`);
  return p.list[0]!.first.command;
}

export function configError(line: string): LineError {
  const p = parseConfigLine(line, 7);
  if (p.ok) throw new Error(`expected an error for: ${line}`);
  return p.error;
}

export function flowError(line: string): LineError {
  const p = parseFlowLine(line);
  if (p.ok) throw new Error(`expected an error for: ${line}`);
  return p.error;
}

/** 10.1.2.3 as the number the kernel model uses. */
export function ip(text: string): number {
  return text.split('.').reduce((n, b) => n * 256 + Number(b), 0);
}
