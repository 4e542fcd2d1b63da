import { describe, expect, it } from 'vitest';
import { countCommands } from './commands';

describe('countCommands', () => {
  it('counts the commands of a shell line: separators outside quotes and comments, plus one', () => {
    expect(countCommands('iptables -A INPUT -j DROP')).toBe(1);
    expect(countCommands('ip route add 10.0.0.0/8 via 1.2.3.4; ip route add 11.0.0.0/8 via 1.2.3.4')).toBe(2);
    expect(countCommands('a && b || c | d & e')).toBe(5);
    expect(countCommands('nc -lk 80 >/dev/null 2>&1 &')).toBe(2);
    expect(countCommands(`echo "a; b" 'c && d' e\\;f`)).toBe(1);
    expect(countCommands('true # ; ; ;')).toBe(1);
    expect(countCommands('-A FORWARD -s 10.0.0.1 -j DROP')).toBe(1);
  });
});
