import { describe, expect, it } from 'vitest';
import { lex } from './lexer';

const words = (line: string) => {
  const r = lex(line);
  if (!r.ok) throw new Error(r.error.message);
  return r.tokens.map((t) => (t.kind === 'word' ? t.text : t.kind === 'op' ? `<${t.text}>` : `<${t.fd}${t.mode}${t.dupTo ?? ''}>`));
};

describe('lexer (bash word splitting)', () => {
  it('splits on blanks and keeps 1-based columns', () => {
    const r = lex('ip  addr add 10.0.0.1/8 dev eth0');
    expect(r.ok && r.tokens.map((t) => t.column)).toEqual([1, 5, 10, 14, 25, 29]);
  });
  it('removes single and double quotes and backslash escapes', () => {
    expect(words(`echo '100 isp1' >> /etc/iproute2/rt_tables`)).toEqual(['echo', '100 isp1', '<1append>', '/etc/iproute2/rt_tables']);
    expect(words(`iptables -A INPUT -m comment --comment "say \\"hi\\" \\$x" -j ACCEPT`)).toContain('say "hi" $x');
    expect(words(`echo a\\ b 'c'"d"e`)).toEqual(['echo', 'a b', 'cde']);
  });
  it('recognises the list operators and background &', () => {
    expect(words('nc -z a 80 && nc -z b 80 || true; sleep 1 &')).toEqual(['nc', '-z', 'a', '80', '<&&>', 'nc', '-z', 'b', '80', '<||>', 'true', '<;>', 'sleep', '1', '<&>']);
    expect(words('nc -lk 80&')).toEqual(['nc', '-lk', '80', '<&>']);
  });
  it('recognises redirections with descriptors', () => {
    expect(words('echo 1 > /proc/sys/net/ipv4/ip_forward')).toEqual(['echo', '1', '<1write>', '/proc/sys/net/ipv4/ip_forward']);
    expect(words('ping x >/dev/null 2>&1')).toEqual(['ping', 'x', '<1write>', '/dev/null', '<2dup1>']);
    expect(words('curl x 2>/dev/null')).toEqual(['curl', 'x', '<2write>', '/dev/null']);
  });
  it('treats # as a comment only at the start of a word', () => {
    expect(words('ip route # a comment')).toEqual(['ip', 'route']);
    expect(words('# only a comment')).toEqual([]);
    expect(words('echo a#b')).toEqual(['echo', 'a#b']);
    expect(words("echo '#not'")).toEqual(['echo', '#not']);
  });
  it('reports an unterminated quote at its column, as bash does', () => {
    expect(lex("echo 'abc")).toEqual({ ok: false, error: { column: 6, message: "unexpected EOF while looking for matching `''" } });
    expect(lex('echo "abc')).toEqual({ ok: false, error: { column: 6, message: 'unexpected EOF while looking for matching `"\'' } });
  });
});

describe('a backslash at the end of the line', () => {
  it('ends the word with the line: its end column is the line end + 1, not past it', () => {
    const r = lex('ip neigh flus\\');
    expect(r.ok && r.tokens.at(-1)).toMatchObject({ text: 'flus', end: 15 });
  });
});
