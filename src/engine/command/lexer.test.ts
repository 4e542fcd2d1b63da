import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { params } from '../../fuzz-support';
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
    expect(lex("echo 'abc")).toEqual({ ok: false, error: { column: 6, message: "bash: unexpected EOF while looking for matching `''" } });
    expect(lex('echo "abc')).toEqual({ ok: false, error: { column: 6, message: 'bash: unexpected EOF while looking for matching `"\'' } });
  });
});

/** The expansions noted on each word, as kind@column. */
const expansions = (line: string) => {
  const r = lex(line);
  if (!r.ok) throw new Error(r.error.message);
  return r.tokens.flatMap((t) => (t.kind === 'word' ? (t.expansions ?? []).map((e) => `${e.kind}@${e.column}`) : []));
};

describe('lexer: what bash would expand (bash(1) EXPANSION, QUOTING)', () => {
  it('notes command substitution unquoted and inside double quotes, keeping the word whole', () => {
    expect(expansions('iptables --comment "$(touch /tmp/x)" -j ACCEPT')).toEqual(['command@21']);
    expect(expansions('echo web$(id -u > /tmp/y)')).toEqual(['command@9']);
    expect(words('echo web$(id -u > /tmp/y) x')).toEqual(['echo', 'web$(id -u > /tmp/y)', 'x']);
    expect(expansions('echo `id` "`id`"')).toEqual(['command@6', 'command@12']);
    expect(expansions('echo $((1+2)) $[1+2]')).toEqual(['arithmetic@6', 'arithmetic@15']);
  });
  it('notes parameters: $NAME, ${…}, $1 and the special ones, also $IFS', () => {
    expect(expansions('echo $HOME ${x} "$1" a$IFS$9b $? $$ $@')).toEqual(['parameter@6', 'parameter@12', 'parameter@18', 'parameter@23', 'parameter@27', 'parameter@31', 'parameter@34', 'parameter@37']);
  });
  it("leaves a lone $ literal, and everything inside '…' or escaped", () => {
    expect(expansions("echo $ a$ 5$/ '$(x) $HOME `id` * ? [a] {a,b} ~' \\$HOME \\* \"\\$x \\`y\\`\"")).toEqual([]);
    expect(words("echo '$(x)' \"\\$HOME\"")).toEqual(['echo', '$(x)', '$HOME']);
  });
  it("notes $'…' and $\"…\" quoting", () => {
    expect(expansions("echo $'\\n' $\"x\"")).toEqual(['ansi-c@6', 'locale@12']);
    expect(expansions('echo "$\'x\'"')).toEqual([]);
  });
  it('notes unquoted globs, bracket patterns closed within the word, braces with , or .., a leading tilde', () => {
    expect(expansions('echo * a? /etc/host[s] [ ] "*" x\\?')).toEqual(['glob@6', 'glob@9', 'glob@20']);
    expect(expansions('echo a{b,c} {1..3} {x} "{a,b}"')).toEqual(['brace@7', 'brace@13']);
    expect(expansions('echo ~ ~root/x x~ a=~/y --o=~/z "~"')).toEqual(['tilde@6', 'tilde@8', 'tilde@21']);
  });
  it('refuses a line break outside quotes (a second command), joins a \\-newline, keeps quoted ones', () => {
    expect(lex('ip link\ntouch /tmp/x')).toMatchObject({ ok: false, error: { column: 8 } });
    expect(lex('ip link # c\ntouch /tmp/x')).toMatchObject({ ok: false, error: { column: 12 } });
    expect(words('ip li\\\nnk')).toEqual(['ip', 'link']);
    expect(words("echo 'a\nb' \"c\nd\" \"e\\\nf\"")).toEqual(['echo', 'a\nb', 'c\nd', 'ef']);
  });
  it('makes parentheses operators (a subshell, bash metacharacters) and refuses process substitution', () => {
    expect(lex('(touch /tmp/x)')).toMatchObject({ ok: true, tokens: [{ kind: 'op', text: '(', column: 1 }, { text: 'touch' }, { text: '/tmp/x' }, { kind: 'op', text: ')', column: 14 }] });
    expect(lex('echo a(b')).toMatchObject({ ok: true, tokens: [{ text: 'echo' }, { text: 'a' }, { kind: 'op', text: '(', column: 7 }, { text: 'b' }] });
    expect(lex('cat <(id)')).toEqual({ ok: false, error: { column: 5, message: 'hairpin: process substitution (<(…)) is not simulated' } });
  });
  it('keeps a backslash that ends the line, as bash does', () => {
    expect(words('echo a\\')).toEqual(['echo', 'a\\']);
  });
});

/** The words bash makes of `line` (as printf's arguments), in an empty directory; undefined when bash refuses it. */
function bashWords(line: string, cwd: string): string[] | undefined {
  // A first word of our own, so an empty line still prints something.
  const r = spawnSync('bash', ['-c', `printf '<%s>\\0' first ${line}`], { cwd, encoding: 'utf8', env: {} });
  if (r.status !== 0) return undefined;
  return r.stdout.split('\0').slice(1, -1).map((w) => w.slice(1, -1));
}

const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;

describe.skipIf(!hasBash)('lexer against bash (the lab hands config lines to bash as root)', () => {
  it('whenever it notes no expansion, bash reads exactly the same words', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hairpin-lex-'));
    const chars = fc.constantFrom('a', 'b', ' ', '\t', '\r', "'", '"', '\\', '$', '`', '#', '\n', '*', '?', '[', ']', '{', '}', ',', '.', '~', '=', ':', '(', 'x', 'H');
    let compared = 0;
    const runs = params<[string]>(400);
    try {
      fc.assert(
        fc.property(fc.array(chars, { maxLength: 14 }).map((cs) => cs.join('')), (line) => {
          const r = lex(line);
          if (!r.ok || r.tokens.some((t) => t.kind !== 'word' || t.expansions)) return;
          compared++;
          expect(bashWords(line, cwd), JSON.stringify(line)).toEqual(r.tokens.map((t) => (t.kind === 'word' ? t.text : '')));
        }),
        runs,
      );
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
    // Enough of the lines were plain words to say something.
    expect(compared).toBeGreaterThan(runs.numRuns! / 10);
  }, 60_000);
});

describe('a backslash at the end of the line', () => {
  it('ends the word with the line (bash keeps the backslash): its end column is the line end + 1, not past it', () => {
    const r = lex('ip neigh flus\\');
    expect(r.ok && r.tokens.at(-1)).toMatchObject({ text: 'flus\\', end: 15 });
  });
});
