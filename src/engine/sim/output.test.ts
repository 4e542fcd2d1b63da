import { describe, expect, it } from 'vitest';
import { OutputText } from './output';

describe('OutputText', () => {
  it('gives back what was written, in order, whatever the pieces were built from', () => {
    const out = new OutputText();
    for (let seq = 1; seq <= 3; seq++) out.write(`64 bytes from 10.0.0.2: icmp_seq=${seq} ttl=64 time=0.0${seq} ms\n`);
    out.write('');
    out.write('--- 10.0.0.2 ping statistics ---\n');
    expect(out.text()).toBe(
      '64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.01 ms\n64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=0.02 ms\n64 bytes from 10.0.0.2: icmp_seq=3 ttl=64 time=0.03 ms\n--- 10.0.0.2 ping statistics ---\n',
    );
  });

  it('takes back what was written after a mark (what a killed command prints on its way out)', () => {
    const out = new OutputText();
    out.write('kept\n');
    const mark = out.mark;
    out.write('said while dying\n');
    out.truncate(mark);
    expect(out.text()).toBe('kept\n');
  });
});
