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
export function toJsRegex(re: string, extended: boolean): string {
  let js = '';
  let depth = 0;
  /** At the start of the pattern or of a group/alternative: `*` is literal in a BRE here. */
  let atStart = true;
  for (let i = 0; i < re.length; i++) {
    const c = re[i]!;
    const wasStart = atStart;
    atStart = false;
    if (c === '\\') {
      const e = re[i + 1];
      i++;
      if (e === undefined) throw new GrepError('Trailing backslash');
      if (!extended && '(){}|+?'.includes(e)) {
        // In a BRE these are special only when escaped.
        if (e === '(') { depth++; js += '('; atStart = true; }
        else if (e === ')') { if (--depth < 0) throw new GrepError('Unmatched ) or \\)'); js += ')'; }
        else if (e === '|') { js += '|'; atStart = true; }
        else if (e === '{') { const m = /^(\d*)(,?)(\d*)\\\}/.exec(re.slice(i + 1)); if (!m) throw new GrepError('Unmatched \\{'); js += `{${m[1] || '0'}${m[2]}${m[3]}}`; i += m[0].length; }
        else js += e === '}' ? '\\}' : e;
      } else if (e === '<') js += '\\b(?=\\w)';
      else if (e === '>') js += '\\b(?<=\\w)';
      else if ('wWsSb'.includes(e)) js += `\\${e}`;
      else if (/[1-9]/.test(e)) js += `\\${e}`;
      else js += /[A-Za-z0-9]/.test(e) ? e : `\\${e}`;
      continue;
    }
    if (c === '[') {
      const b = bracket(re, i);
      js += b.js;
      i = b.end - 1;
      continue;
    }
    if (c === '*' && wasStart) { js += '\\*'; continue; }
    if (extended) {
      if (c === '(') { depth++; js += '('; atStart = true; continue; }
      if (c === ')') { if (--depth < 0) throw new GrepError('Unmatched ) or \\)'); js += ')'; continue; }
      if (c === '|') { js += '|'; atStart = true; continue; }
      if ((c === '+' || c === '?') && wasStart) { js += `\\${c}`; continue; }
      if (c === '{') {
        const m = /^\{(\d*)(,?)(\d*)\}/.exec(re.slice(i));
        if (m && (m[1] || m[3])) { js += `{${m[1] || '0'}${m[2]}${m[3]}}`; i += m[0].length - 1; continue; }
        js += '\\{';
        continue;
      }
      if (c === '}') { js += '\\}'; continue; }
    } else if ('(){}|+?'.includes(c)) { js += `\\${c}`; continue; }
    if (c === '^') { js += wasStart || extended ? '^' : '\\^'; atStart = true; continue; }
    if (c === '$') { js += extended || i === re.length - 1 || re.slice(i + 1, i + 3) === '\\)' || re.slice(i + 1, i + 3) === '\\|' ? '$' : '\\$'; continue; }
    if (c === '/' ) { js += '\\/'; continue; }
    js += c;
  }
  if (depth > 0) throw new GrepError('Unmatched ( or \\(');
  return js;
}

function escapeFixed(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The patterns as one JavaScript expression (GNU grep: a newline in a pattern separates two). */
export function grepRegex(c: GrepCommand): RegExp {
  const patterns = c.patterns.flatMap((p) => p.split('\n'));
  const parts = patterns.map((p) => (c.syntax === 'fixed' ? escapeFixed(p) : toJsRegex(p, c.syntax === 'extended')));
  let body = parts.map((p) => `(?:${p})`).join('|');
  if (c.lineRegexp) body = `^(?:${body})$`;
  else if (c.wordRegexp) body = `(?<![\\w])(?:${body})(?![\\w])`;
  return new RegExp(body, c.ignoreCase ? 'gi' : 'g');
}

export interface GrepResult {
  stdout: string;
  stderr: string;
  status: number;
}

/** grep over texts (stdin, or each file with its name when there are several). */
export function grepTexts(c: GrepCommand, inputs: { name: string; text: string | undefined }[]): GrepResult {
  let re: RegExp;
  try {
    re = grepRegex(c);
  } catch (e) {
    if (!(e instanceof GrepError)) throw e;
    return { stdout: '', stderr: `grep: ${e.message}\n`, status: 2 };
  }
  let stdout = '';
  let stderr = '';
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
  if (c.quiet) return { stdout: '', stderr: selected ? '' : stderr, status: selected ? 0 : trouble ? 2 : 1 };
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
