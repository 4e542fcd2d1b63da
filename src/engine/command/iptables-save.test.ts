import { describe, expect, it } from 'vitest';
import { flowCommand, flowError } from './testing';

/* iptables-save's options and refusals, as iptables-nft-save 1.8.9 printed them in a namespace. */
describe('iptables-save command line', () => {
  it('reads -c, -t TABLE (attached, long, last one wins), -d and -M', () => {
    expect(flowCommand('iptables-save')).toEqual({ kind: 'iptables-save', program: 'iptables-save', counters: false, version: false, notice: '' });
    expect(flowCommand('iptables-save -c -tnat')).toMatchObject({ counters: true, table: 'nat' });
    expect(flowCommand('iptables-save --counters --table=filter -t raw -d -M /sbin/modprobe')).toMatchObject({ counters: true, table: 'raw' });
    expect(flowCommand('iptables-nft-save -V')).toMatchObject({ program: 'iptables-nft-save', version: true });
  });

  it('refuses what the real one refuses, with its message and exit status 1', () => {
    const refusal = (line: string) => {
      const e = flowError(line);
      return [e.message, e.exitStatus, e.column];
    };
    const manual = "Look at manual page `iptables-save.8' for more information.";
    expect(refusal('iptables-save -x')).toEqual([`iptables-save: invalid option -- 'x'\n${manual}`, 1, 15]);
    expect(refusal('iptables-save -4')).toEqual([`iptables-save: invalid option -- '4'\n${manual}`, 1, 15]);
    expect(refusal('iptables-save --help')).toEqual([`iptables-save: unrecognized option '--help'\n${manual}`, 1, 15]);
    expect(refusal('iptables-save -t')).toEqual([`iptables-save: option requires an argument -- 't'\n${manual}`, 1, 15]);
    expect(refusal('iptables-save --file')).toEqual([`iptables-save: option '--file' requires an argument\n${manual}`, 1, 15]);
    expect(refusal('iptables-save foo')).toEqual(['Unknown arguments found on commandline', 1, 15]);
    expect(refusal('iptables-save -t bogus')).toEqual(["Table `bogus' does not exist", 1, 18]);
  });

  it('only reads: it may run inside $(…)', () => {
    expect(flowCommand('echo $(iptables-save -t nat)').kind).toBe('substituted');
  });
});
