import { describe, expect, it } from 'vitest';
import { flowCommand } from './testing';

/* ip.c reads its options before the object: -n NAME may follow options that take a value. */
describe('ip [OPTIONS] -n NAME', () => {
  it('finds -n after -f/-family and its value, not taking -r (-resolve) for one', () => {
    expect(flowCommand('ip -f inet -n ns1 addr')).toMatchObject({ kind: 'netns-exec', ns: { text: 'ns1' }, command: { kind: 'ip-addr-show' } });
    expect(flowCommand('ip -4 -netns ns1 link')).toMatchObject({ kind: 'netns-exec', ns: { text: 'ns1' } });
    expect(flowCommand('ip -4 -r -n ns1 route')).toMatchObject({ kind: 'netns-exec', ns: { text: 'ns1' } });
  });
});
