import { describe, expect, it } from 'vitest';
import type { ConfigIssue } from '../../engine/sim/run';
import { parseProblems, placeProblems, problemRange, engineProblems, sameLines, textToLines } from './diagnostics';

describe('parseProblems', () => {
  it('finds parse errors with the parser’s line, column and message', () => {
    const lines = ['ip addr add 10.0.0.1/24 dev eth0', 'apt install foo', "echo 'x"];
    expect(parseProblems(lines)).toEqual([
      { line: 2, column: 1, message: "hairpin: unsupported command 'apt'", kind: 'parse' },
      { line: 3, column: 6, message: "bash: unexpected EOF while looking for matching `''", kind: 'parse' },
    ]);
  });

  it('accepts blank lines, comments and an iptables-restore here-document', () => {
    const lines = ['', '# a comment', "iptables-restore <<'EOF'", '*nat', '-A POSTROUTING -o eth0 -j MASQUERADE', 'COMMIT', 'EOF'];
    expect(parseProblems(lines)).toEqual([]);
  });
});

describe('engineProblems', () => {
  const issues: ConfigIssue[] = [
    { device: 'r', line: 2, column: 1, message: 'Error: Nexthop has invalid gateway.', kind: 'refused' },
    { device: 'r', line: 3, column: 1, message: "hairpin: unsupported command 'apt'", kind: 'parse' },
    { device: 'pc', line: 1, column: 1, message: 'RTNETLINK answers: File exists', kind: 'refused' },
  ];
  const checked = ['ip addr add 10.0.0.1/24 dev eth0', 'ip route add default via 192.168.9.1', 'apt install foo'];

  it("keeps this device's issues on lines that did not change", () => {
    expect(engineProblems(issues, 'r', checked, checked)).toEqual([
      { line: 2, column: 1, message: 'Error: Nexthop has invalid gateway.', kind: 'refused' },
      { line: 3, column: 1, message: "hairpin: unsupported command 'apt'", kind: 'parse' },
    ]);
  });

  it('drops a refusal once its line is edited, or gone', () => {
    expect(engineProblems(issues, 'r', checked, [checked[0]!, 'ip route add default via 10.0.0.254'])).toEqual([]);
    expect(engineProblems(issues, 'r', checked, [checked[0]!])).toEqual([]);
  });
});

describe('problemRange', () => {
  it('underlines the word at a parse error', () => {
    expect(problemRange('ip addr add 10.0.0.1/24 dve eth0', 25, 'parse')).toEqual({ from: 24, to: 27 });
  });
  it('underlines the last word when the column is past the end', () => {
    expect(problemRange('ip addr add 10.0.0.1/24 dev', 28, 'parse')).toEqual({ from: 24, to: 27 });
  });
  it('underlines a refused command up to the next operator', () => {
    const line = 'ip route add default via 9.9.9.9 && sysctl -w net.ipv4.ip_forward=1';
    expect(problemRange(line, 1, 'refused')).toEqual({ from: 0, to: 33 });
    expect(problemRange('nc -l 80 &', 1, 'refused')).toEqual({ from: 0, to: 8 });
  });
  it('marks a point on an empty line', () => {
    expect(problemRange('', 1, 'parse')).toEqual({ from: 0, to: 0 });
  });
});

describe('placeProblems', () => {
  it('turns lines and columns into offsets of the joined text, sorted and deduplicated', () => {
    const lines = ['ip link set eth0 up', 'apt install foo', 'ip route add default via 9.9.9.9'];
    const p = placeProblems(lines, [
      { line: 3, column: 1, message: 'Error: Nexthop has invalid gateway.', kind: 'refused' },
      { line: 2, column: 1, message: "hairpin: unsupported command 'apt'", kind: 'parse' },
      { line: 2, column: 1, message: "hairpin: unsupported command 'apt'", kind: 'parse' },
      { line: 9, column: 1, message: 'stale', kind: 'parse' },
    ]);
    expect(p.map((x) => [x.line, x.from, x.to])).toEqual([
      [2, 20, 23],
      [3, 36, 68],
    ]);
    expect(lines.join('\n').slice(p[0]!.from, p[0]!.to)).toBe('apt');
  });
});

describe('textToLines', () => {
  it('drops trailing blank lines only', () => {
    expect(textToLines('a\n\nb\n\n  \n')).toEqual(['a', '', 'b']);
    expect(textToLines('')).toEqual([]);
    expect(sameLines(textToLines('a\r\nb'), ['a', 'b'])).toBe(true);
  });
});

describe('textToLines from the editor text', () => {
  it('reads the editor’s own lines (no join and split) as the string would read', () => {
    const text = { toJSON: () => ['ip link set eth0 up', '', 'true', '', ''] };
    expect(textToLines(text)).toEqual(textToLines('ip link set eth0 up\n\ntrue\n\n'));
  });
});
