/*
 * Test support only (uses Node): runs the real tcpdump and tshark on files the wire module
 * writes, so tests can compare against the tools instead of against remembered output.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ToolRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function toolAvailable(tool: 'tcpdump' | 'tshark'): boolean {
  const probe = spawnSync(tool, [tool === 'tcpdump' ? '--version' : '-v'], { encoding: 'utf8' });
  return probe.status === 0;
}

/** Writes `file` to a fresh temporary directory, runs `tool args... FILE`-style, cleans up. */
export function runOnFile(tool: 'tcpdump' | 'tshark', file: Uint8Array, args: (path: string) => string[]): ToolRun {
  const dir = mkdtempSync(join(tmpdir(), 'hairpin-wire-'));
  try {
    const path = join(dir, 'capture');
    writeFileSync(path, file);
    const run = spawnSync(tool, args(path), { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' } });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `tcpdump -r FILE <flags>` output lines. */
export function tcpdumpLines(file: Uint8Array, flags: string[]): string[] {
  const run = runOnFile('tcpdump', file, (path) => ['-r', path, ...flags]);
  if (run.status !== 0) throw new Error(`tcpdump failed (${run.status}): ${run.stderr}`);
  return run.stdout.split('\n').filter((line) => line !== '');
}

/**
 * What a tool wrote to stderr beyond its normal chatter: tcpdump's "reading from file" line
 * and tshark's warning about running as root are expected, anything else is a complaint.
 */
export function unexpectedStderr(run: ToolRun): string[] {
  return run.stderr
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => !/^reading from file .*, link-type EN10MB \(Ethernet\), snapshot length 262144$/.test(line))
    .filter((line) => !/^Running as user "root" and group "root"\. This could be dangerous\.$/.test(line));
}
