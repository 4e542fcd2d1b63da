import { describe, expect, it } from 'vitest';
import { Lines } from './lines';

describe('Lines: a long listing built in chunks', () => {
  it.each([0, 1, 511, 512, 513, 1500])('%i lines: the same text as appending them one by one, in order', (n) => {
    const lines = new Lines();
    let expected = '';
    for (let i = 0; i < n; i++) {
      const line = `10.${i >> 8}.${i & 255}.0/24 via 192.168.1.2 dev eth1 \n`;
      lines.add(line);
      expected += line;
    }
    expect(lines.text()).toBe(expected);
  });
});
