import { describe, expect, it } from 'vitest';
import { flowCommand } from '../command/testing';
import type { EchoCommand, GrepCommand, PrintfCommand } from '../command/types';
import { echoOutput, printfOutput } from './echo';
import { grepTexts, toJsRegex } from './grep';

/*
 * The text tools a flow pipes through, against what bash 5.2's builtins and GNU grep 3.8
 * printed on Debian 12 for the same words (each expectation was checked with the real tool).
 */

const echo = (line: string) => echoOutput(flowCommand(line) as EchoCommand);
const printf = (line: string) => printfOutput(flowCommand(line) as PrintfCommand);
const ROUTES = 'default via 10.0.1.1 dev eth0\n10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.2\nDefault x\n';
const grep = (line: string, text = ROUTES) => grepTexts(flowCommand(line) as GrepCommand, [{ name: '(standard input)', text }]);

describe('echo (bash builtin, xpg_echo off)', () => {
  it('joins its words with spaces and ends with a newline; -n drops it', () => {
    expect(echo('echo a  b')).toBe('a b\n');
    expect(echo('echo -n q')).toBe('q');
  });
  it('reads escapes only with -e; \\c ends all output; an unknown option is a word', () => {
    expect(echo("echo 'a\\tb'")).toBe('a\\tb\n');
    expect(echo("echo -e 'a\\tb\\c' x")).toBe('a\tb');
    expect(echo('echo -n -x y')).toBe('-x y');
    expect(echo("echo -neE 'a\\tb'")).toBe('a\\tb');
    expect(echo("echo -e 'a\\101b \\0101'")).toBe('a\\101b A\n');
  });
});

describe('printf (bash builtin)', () => {
  it('reuses the format until the arguments are used up, missing ones empty or 0', () => {
    expect(printf("printf '%s-%s\\n' a b c")).toEqual({ stdout: 'a-b\nc-\n', stderr: '', status: 0 });
    expect(printf("printf '%d %s\\n' 1")).toMatchObject({ stdout: '1 \n' });
  });
  it('pads and converts as C printf does', () => {
    expect(printf("printf '%5.2f|%-4s|%x|%o|%c|%%\\n' 3.14159 ab 255 8 xyz").stdout).toBe(' 3.14|ab  |ff|10|x|%\n');
    expect(printf("printf '%5s|%-5d|%05d|%.3d|%+d\\n' ab 3 -42 7 5").stdout).toBe('   ab|3    |-0042|007|+5\n');
  });
  it('turns escapes in the format into bytes, and in %b arguments as echo -e does', () => {
    expect(printf("printf 'GET / HTTP/1.0\\r\\n\\r\\n'").stdout).toBe('GET / HTTP/1.0\r\n\r\n');
    expect(printf("printf 'a\\101\\0101'").stdout).toBe('aA\b1');
    expect(printf("printf '%b\\n' 'x\\0101y\\101'").stdout).toBe('xAyA\n');
    expect(printf("printf 'a\\cb'").stdout).toBe('a\\cb');
  });
  it('prints 0 for a word that is not a number, says so and exits 1', () => {
    expect(printf("printf '%d\\n' abc")).toEqual({ stdout: '0\n', stderr: 'bash: line 1: printf: abc: invalid number\n', status: 1 });
    expect(printf("printf '%d\\n' 12abc")).toEqual({ stdout: '12\n', stderr: 'bash: line 1: printf: 12abc: invalid number\n', status: 1 });
  });
});

describe('grep (GNU grep 3.8): exit 0 when a line is selected, 1 when none, 2 on an error', () => {
  it('selects lines by a basic regular expression, -v the others, -i ignoring case', () => {
    expect(grep('grep default')).toEqual({ stdout: 'default via 10.0.1.1 dev eth0\n', stderr: '', status: 0 });
    expect(grep('grep -v default').stdout).toBe('10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.2\nDefault x\n');
    expect(grep('grep -i default').stdout).toBe('default via 10.0.1.1 dev eth0\nDefault x\n');
    expect(grep("grep 'via\\|link'").stdout.split('\n')).toHaveLength(3);
    expect(grep("grep 'a\\{2\\}'").status).toBe(1);
    expect(grep("grep '^[[:alpha:]]*'").stdout).toBe(ROUTES);
  });
  it('counts (-c), numbers (-n), prints only the match (-o), whole words (-w), whole lines (-x)', () => {
    expect(grep('grep -c dev')).toMatchObject({ stdout: '2\n', status: 0 });
    expect(grep('grep -c -v zzz').stdout).toBe('3\n');
    expect(grep("grep -n -o 'dev [a-z0-9]*'").stdout).toBe('1:dev eth0\n2:dev eth0\n');
    expect(grep('grep -w eth')).toMatchObject({ stdout: '', status: 1 });
    expect(grep("grep -x 'Default x'").stdout).toBe('Default x\n');
  });
  it('reads extended (-E) and fixed (-F) patterns, and several -e', () => {
    expect(grep("grep -E 'via|link'").stdout.split('\n')).toHaveLength(3);
    expect(grep("grep -o -E '[0-9]+(\\.[0-9]+){3}'").stdout).toBe('10.0.1.1\n10.0.1.0\n10.0.1.2\n');
    expect(grep("grep -E 'x{1,2}$'").stdout).toBe('Default x\n');
    expect(grep("grep -F '10.0.1.0/24'").stdout).toBe('10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.2\n');
    expect(grep('grep -e via -e Default').stdout).toBe('default via 10.0.1.1 dev eth0\nDefault x\n');
  });
  it('-q prints nothing; a bad pattern is an error (2), as with -q', () => {
    expect(grep('grep -q zzz')).toEqual({ stdout: '', stderr: '', status: 1 });
    expect(grep('grep -q dev')).toEqual({ stdout: '', stderr: '', status: 0 });
    expect(grep("grep -E '('")).toEqual({ stdout: '', stderr: 'grep: Unmatched ( or \\(\n', status: 2 });
    expect(grep("grep -q '\\('")).toMatchObject({ status: 2 });
    expect(grep("grep '('", 'a(b\n')).toMatchObject({ stdout: 'a(b\n', status: 0 });
    expect(grep("grep '[[:foo:]]'")).toMatchObject({ stderr: 'grep: Invalid character class name\n', status: 2 });
  });
  it('reads repetitions as GNU does: stacked ones repeat the whole, a leading one is literal (BRE) or dropped with a warning (ERE)', () => {
    const text = 'x\n*a\naa\nxx\n*x\n';
    expect(grep("grep -E '[0-9]*+'", text).stdout).toBe(text);
    // Written as one repetition, not nested ones a backtracking matcher would take exponential time on.
    expect(toJsRegex('[0-9]*+', true)).toBe('[0-9]*');
    expect(toJsRegex('x?+', true)).toBe('x*');
    expect(grep("grep -E 'x+?'", text).stdout).toBe(text);
    expect(grep("grep 'a\\{2\\}*'", text).stdout).toBe(text);
    expect(grep("grep -E '*a'", text)).toEqual({ stdout: '*a\naa\n', stderr: 'grep: warning: * at start of expression\n', status: 0 });
    expect(grep("grep -E '{1}a'", text)).toMatchObject({ stdout: '*a\naa\n', stderr: 'grep: warning: {...} at start of expression\n' });
    expect(grep("grep '^*x'", text).stdout).toBe('*x\n');
    expect(grep("grep '\\(a\\)\\2'", text)).toEqual({ stdout: '', stderr: 'grep: Invalid back reference\n', status: 2 });
    expect(grep("grep -E 'a{2,1}'", text)).toMatchObject({ stderr: 'grep: Invalid content of \\{\\}\n', status: 2 });
    expect(grep("grep 'x\\{1'", text)).toMatchObject({ stderr: 'grep: Unmatched \\{\n', status: 2 });
  });
  it('ends the last line with a newline even when its input did not', () => {
    expect(grep('grep b', 'a\nb')).toMatchObject({ stdout: 'b\n' });
  });
});
