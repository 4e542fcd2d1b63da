import type { GrepCommand } from '../command/types';
import { fileText } from '../export/print/files';
import type { Stack } from '../kernel/stack';
import { DEV_NULL, type Process, type ProcessIO } from './process';

/*
 * GNU grep 3.8 on its standard input or on files: -E (ERE), -F (fixed strings), basic
 * regular expressions otherwise; -v -i -c -q -w -x -n -o. Exit 0 if a line was selected,
 * 1 if none, 2 on an error (unless -q found a line), as grep(1) says.
 */

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: '0-9a-zA-Z', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', print: ' -~', graph: '!-~', cntrl: '\\x00-\\x1f\\x7f', xdigit: '0-9A-Fa-f',
};

export class GrepError extends Error {}

/** A bracket expression `[…]` from `at` (the `[`): its JavaScript form and the index past it. */
function bracket(re: string, at: number): { js: string; end: number } {
  let i = at + 1;
  let js = '[';
  if (re[i] === '^') { js += '^'; i++; }
  let first = true;
  for (; i < re.length; i++) {
    const c = re[i]!;
    if (c === ']' && !first) return { js: js + ']', end: i + 1 };
    first = false;
    if (c === '[' && re[i + 1] === ':') {
      const close = re.indexOf(':]', i + 2);
      const name = close < 0 ? undefined : re.slice(i + 2, close);
      if (name === undefined || !(name in CLASSES)) throw new GrepError(close < 0 ? 'Unmatched [, [^, [:, [., or [=' : 'Invalid character class name');
      js += CLASSES[name];
      i = close + 1;
    } else if ('\\]^['.includes(c)) js += `\\${c}`;
    else js += c;
  }
  throw new GrepError('Unmatched [, [^, [:, [., or [=');
}

/** A POSIX regular expression (basic or extended, GNU flavour) as a JavaScript one. */
export function toJsRegex(re: string, extended: boolean, warn: (message: string) => void = () => undefined): string {
  let js = '';
  /** Where each open group starts in `js`. */
  const groups: number[] = [];
  let closedGroups = 0;
  /** Where the last atom starts in `js`; -1 where a repetition has nothing to repeat (it is then literal, as in GNU grep). */
  let atom = -1;
  /** The last thing written was a repetition: another one repeats the whole (`a*+` is `(a*)+`). */
  let repeated = false;
  let lastRepeat = '';
  const emitAtom = (text: string) => {
    atom = js.length;
    js += text;
    repeated = false;
  };
  const emitOther = (text: string) => {
    js += text;
    atom = -1;
    repeated = false;
  };
  const repeat = (text: string, literal: string) => {
    if (atom < 0) {
      // A BRE reads it as a literal character; GNU's ERE drops it, with a warning.
      if (!extended) return emitAtom(literal);
      return warn(`${text.startsWith('{') ? '{...}' : text} at start of expression`);
    }
    if (repeated) {
      const last = lastRepeat;
      // Two of * + ? in a row say one of them (a*+ is a*, a+? is a*): written as one, never
      // nested, so the expression cannot backtrack exponentially.
      if ('*+?'.includes(last) && '*+?'.includes(text)) {
        const merged = last === text && last !== '*' ? last : '*';
        js = js.slice(0, -1) + merged;
        lastRepeat = merged;
        return;
      }
      js = `${js.slice(0, atom)}(?:${js.slice(atom)})`;
    }
    js += text;
    repeated = true;
    lastRepeat = text;
  };
  const open = () => {
    groups.push(js.length);
    emitOther('(');
  };
  const close = () => {
    const start = groups.pop();
    if (start === undefined) throw new GrepError('Unmatched ) or \\)');
    closedGroups++;
    js += ')';
    atom = start;
    repeated = false;
  };
  /** `{m,n}` at `at` (just past the brace), its JavaScript form and length, if it is one. */
  const interval = (at: number, closer: string) => {
    const m = new RegExp(`^(\\d*)(,?)(\\d*)${closer.replace(/[\\}]/g, '\\$&')}`).exec(re.slice(at));
    if (!m || (!m[1] && !m[3])) return undefined;
    if (m[1] && m[3] && Number(m[1]) > Number(m[3])) throw new GrepError('Invalid content of \\{\\}');
    return { text: `{${m[1] || '0'}${m[2]}${m[3]}}`, length: m[0].length };
  };
  for (let i = 0; i < re.length; i++) {
    const c = re[i]!;
    if (c === '\\') {
      const e = re[++i];
      if (e === undefined) throw new GrepError('Trailing backslash');
      if (!extended && '(){}|+?'.includes(e)) {
        // In a BRE these are special only when escaped.
        if (e === '(') open();
        else if (e === ')') close();
        else if (e === '|') emitOther('|');
        else if (e === '{') {
          const iv = interval(i + 1, '\\}');
          if (!iv) throw new GrepError('Unmatched \\{');
          repeat(iv.text, '\\{');
          i += iv.length;
        } else if (e === '+' || e === '?') repeat(e, `\\${e}`);
        else emitAtom(`\\${e}`);
      } else if (e === '<') emitOther('\\b(?=\\w)');
      else if (e === '>') emitOther('\\b(?<=\\w)');
      else if (e === 'b' || e === 'B') emitOther(`\\${e}`);
      else if ('wWsS'.includes(e)) emitAtom(`\\${e}`);
      else if (/[1-9]/.test(e)) {
        if (Number(e) > closedGroups) throw new GrepError('Invalid back reference');
        emitAtom(`\\${e}`);
      } else emitAtom(/[A-Za-z0-9]/.test(e) ? e : `\\${e}`);
      continue;
    }
    if (c === '[') {
      const b = bracket(re, i);
      emitAtom(b.js);
      i = b.end - 1;
      continue;
    }
    if (c === '*') { repeat('*', '\\*'); continue; }
    if (extended) {
      if (c === '(') { open(); continue; }
      if (c === ')') { close(); continue; }
      if (c === '|') { emitOther('|'); continue; }
      if (c === '+' || c === '?') { repeat(c, `\\${c}`); continue; }
      if (c === '{') {
        const iv = interval(i + 1, '}');
        if (iv) {
          repeat(iv.text, '\\{');
          i += iv.length;
        } else emitAtom('\\{');
        continue;
      }
    }
    if ('(){}|+?/'.includes(c)) { emitAtom(`\\${c}`); continue; }
    // `^` and `$` anchor where POSIX says (a BRE's only at its ends), and are literal elsewhere.
    if (c === '^') {
      if (extended || atom < 0 && (js === '' || /[(|]$/.test(js))) emitOther('^');
      else emitAtom('\\^');
      continue;
    }
    if (c === '$') {
      if (extended || i === re.length - 1 || re.startsWith('\\)', i + 1) || re.startsWith('\\|', i + 1)) emitOther('$');
      else emitAtom('\\$');
      continue;
    }
    emitAtom(c);
  }
  if (groups.length > 0) throw new GrepError('Unmatched ( or \\(');
  return js;
}

function escapeFixed(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The patterns as one JavaScript expression (GNU grep: a newline in a pattern separates two). */
export function grepRegex(c: GrepCommand, warn?: (message: string) => void): RegExp {
  const patterns = c.patterns.flatMap((p) => p.split('\n'));
  const parts = patterns.map((p) => (c.syntax === 'fixed' ? escapeFixed(p) : toJsRegex(p, c.syntax === 'extended', warn)));
  let body = parts.map((p) => `(?:${p})`).join('|');
  if (c.lineRegexp) body = `^(?:${body})$`;
  else if (c.wordRegexp) body = `(?<![\\w])(?:${body})(?![\\w])`;
  try {
    return new RegExp(body, c.ignoreCase ? 'gi' : 'g');
  } catch {
    // A form the translation above does not cover: refused as grep refuses a bad pattern.
    throw new GrepError('Invalid regular expression');
  }
}

export interface GrepResult {
  stdout: string;
  stderr: string;
  status: number;
}

/** grep over texts (stdin, or each file with its name when there are several). */
export function grepTexts(c: GrepCommand, inputs: { name: string; text: string | undefined }[]): GrepResult {
  let re: RegExp;
  let stderr = '';
  try {
    re = grepRegex(c, (warning) => (stderr += `grep: warning: ${warning}\n`));
  } catch (e) {
    if (!(e instanceof GrepError)) throw e;
    return { stdout: '', stderr: `grep: ${e.message}\n`, status: 2 };
  }
  let stdout = '';
  let selected = false;
  let trouble = false;
  const named = inputs.length > 1;
  for (const input of inputs) {
    if (input.text === undefined) {
      if (!c.noMessages) stderr += `grep: ${input.name}: No such file or directory\n`;
      trouble = true;
      continue;
    }
    const lines = input.text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let count = 0;
    const prefix = (n: number) => `${named ? `${input.name}:` : ''}${c.lineNumber ? `${n}:` : ''}`;
    lines.forEach((line, index) => {
      re.lastIndex = 0;
      const hit = re.test(line);
      if (hit === c.invert) return;
      count++;
      selected = true;
      if (c.quiet || c.count) return;
      if (c.onlyMatching && !c.invert) {
        re.lastIndex = 0;
        for (const m of line.matchAll(re)) if (m[0] !== '') stdout += `${prefix(index + 1)}${m[0]}\n`;
      } else if (!c.onlyMatching) stdout += `${prefix(index + 1)}${line}\n`;
    });
    if (c.count && !c.quiet) stdout += `${named ? `${input.name}:` : ''}${count}\n`;
    if (c.quiet && selected) break;
  }
  if (c.quiet) return { stdout: '', stderr, status: selected ? 0 : trouble ? 2 : 1 };
  return { stdout, stderr, status: trouble ? 2 : selected ? 0 : 1 };
}

/** grep reads all of its input (a pipe until EOF), then prints. */
export function startGrep(stack: Stack, c: GrepCommand, io: ProcessIO): Process {
  let finished = false;
  const finish = (inputs: { name: string; text: string | undefined }[]) => {
    if (finished) return;
    finished = true;
    const r = grepTexts(c, inputs);
    if (r.stdout) io.stdout(r.stdout);
    if (r.stderr) io.stderr(r.stderr);
    stack.env.schedule(0, () => io.exit(r.status));
  };
  if (c.files.length) finish(c.files.map((f) => ({ name: f.text, text: fileText(stack, f.text) })));
  else {
    let text = '';
    (io.stdin ?? DEV_NULL).read((t) => (text += t), () => finish([{ name: '(standard input)', text }]));
  }
  return { kill: () => { finished = true; io.exit(143); } };
}
