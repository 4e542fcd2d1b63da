import { describe, expect, it } from 'vitest';
import { snapshotScript } from '../engine/export/snapshot';
import { EX_USAGE, main } from './main';

/* `hairpin snapshot`: prints the script, nothing else; arguments are a usage error (64). */

function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('hairpin snapshot', () => {
  it('prints the snapshot script on stdout and exits 0', () => {
    const r = run(['snapshot']);
    expect(r).toEqual({ code: 0, stdout: snapshotScript(), stderr: '' });
    expect(r.stdout.startsWith('#!/bin/sh\n')).toBe(true);
  });

  it('takes no arguments: usage on stderr, exit 64', () => {
    const r = run(['snapshot', 'box.json']);
    expect(r.code).toBe(EX_USAGE);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('usage: hairpin snapshot > snap.sh\n');
  });

  it('is listed in hairpin help', () => {
    expect(run(['help']).stdout).toMatch(/hairpin snapshot > snap\.sh/);
  });
});
