import type { EchoCommand, PrintfCommand } from '../command/types';
import type { Process, ProcessIO } from './process';
import type { Stack } from '../kernel/stack';

/*
 * bash's builtins `echo` and `printf`, as the lab's `bash -c` runs them (xpg_echo off: echo
 * reads backslash escapes only with -e). Both write their output at once and exit.
 */

/** Backslash escapes of `echo -e` and `printf %b`; `stop` when `\c` ends all output. */
export function echoEscapes(text: string, bareOctal = false): { out: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const e = text[++i]!;
    const simple: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (e in simple) out += simple[e];
    else if (e === 'c') return { out, stop: true };
    else if (e === '0') {
      // \0nnn: up to three octal digits after the 0.
      const m = /^[0-7]{0,3}/.exec(text.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(m || '0', 8) & 0xff);
      i += m.length;
    } else if (bareOctal && e >= '1' && e <= '7') {
      // %b (not echo -e, which prints it as typed) also takes \NNN without the leading 0.
      const m = /^[0-7]{1,3}/.exec(text.slice(i))![0];
      out += String.fromCharCode(parseInt(m, 8) & 0xff);
      i += m.length - 1;
    } else if (e === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1))?.[0];
      if (m) {
        out += String.fromCharCode(parseInt(m, 16));
        i += m.length;
      } else out += '\\x';
    } else if (e === 'u' || e === 'U') {
      const m = new RegExp(`^[0-9a-fA-F]{1,${e === 'u' ? 4 : 8}}`).exec(text.slice(i + 1))?.[0];
      if (m) {
        out += String.fromCodePoint(Math.min(parseInt(m, 16), 0x10ffff));
        i += m.length;
      } else out += `\\${e}`;
    } else out += `\\${e}`;
  }
  return { out, stop: false };
}

/** What `echo` prints: its words joined by spaces, a newline unless -n. */
export function echoOutput(c: EchoCommand): string {
  const text = c.words.join(' ');
  if (!c.escapes) return c.newline ? `${text}\n` : text;
  const { out, stop } = echoEscapes(text);
  return stop || !c.newline ? out : `${out}\n`;
}

export interface PrintfResult {
  stdout: string;
  stderr: string;
  status: number;
}

/** An escape of printf's format: as %b's, but `\NNN` is octal with or without a leading 0, and `\c` is literal. */
function formatEscape(format: string, i: number): { text: string; next: number } {
  const e = format[i + 1];
  if (e === undefined) return { text: '\\', next: i + 1 };
  const octal = /^[0-7]{1,3}/.exec(format.slice(i + 1))?.[0];
  if (octal) return { text: String.fromCharCode(parseInt(octal, 8) & 0xff), next: i + 1 + octal.length };
  if (e === '"' || e === "'" || e === '?') return { text: e, next: i + 2 };
  if (e === 'c') return { text: '\\c', next: i + 2 };
  const digits = { x: 2, u: 4, U: 8 }[e] ?? 0;
  const hex = digits ? /^[0-9a-fA-F]*/.exec(format.slice(i + 2, i + 2 + digits))![0] : '';
  const end = i + 2 + hex.length;
  return { text: echoEscapes(format.slice(i, end)).out, next: end };
}

/** A number argument as bash's printf reads it: decimal, 0x hex, 0 octal, 'c (a character's code). */
function numberArg(arg: string): { value: bigint; ok: boolean } {
  if (/^['"]/.test(arg)) return { value: BigInt(arg.codePointAt(1) ?? 0), ok: true };
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)/.exec(arg);
  if (!m) return { value: 0n, ok: arg.trim() === '' };
  const digits = m[2]!;
  const value = /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 && digits[0] === '0' ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  return { value: m[1] === '-' ? -value : value, ok: m[0].length === arg.length };
}

function pad(text: string, flags: string, width: number | undefined): string {
  if (width === undefined || text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (flags.includes('0') && /^[+-]?[0-9a-fA-F]/.test(text)) {
    const sign = /^[+-]/.test(text) ? text[0]! : '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width);
}

/** bash's printf builtin: the format is reused until every argument is consumed. */
export function printfOutput(c: PrintfCommand): PrintfResult {
  let stdout = '';
  let stderr = '';
  let status = 0;
  const args = c.args;
  let next = 0;
  const take = (): string | undefined => (next < args.length ? args[next++] : undefined);
  const format = c.format;
  for (;;) {
    const before = next;
    for (let i = 0; i < format.length; ) {
      const ch = format[i]!;
      if (ch === '\\') {
        const { text, next: n } = formatEscape(format, i);
        stdout += text;
        i = n;
        continue;
      }
      if (ch !== '%') {
        stdout += ch;
        i++;
        continue;
      }
      const m = /^%([-+ #0]*)(\d+|\*)?(?:\.(\d*|\*))?([a-zA-Z%])?/.exec(format.slice(i))!;
      i += m[0].length;
      const [, flags = '', widthText, precisionText, conv] = m;
      if (conv === '%') { stdout += '%'; continue; }
      const width = widthText === '*' ? Number(numberArg(take() ?? '').value) : widthText ? Number(widthText) : undefined;
      const precision = precisionText === '*' ? Number(numberArg(take() ?? '').value) : precisionText !== undefined ? Number(precisionText || '0') : undefined;
      if (conv === undefined || !'sbdiuxXocfeEgGq'.includes(conv)) {
        stderr += `bash: line 1: printf: \`${conv ?? ''}': invalid format character\n`;
        return { stdout, stderr, status: 1 };
      }
      const arg = take();
      if (conv === 's' || conv === 'q') {
        const s = arg ?? '';
        stdout += pad(precision !== undefined ? s.slice(0, precision) : s, flags, width);
      } else if (conv === 'b') {
        const { out, stop } = echoEscapes(arg ?? '', true);
        stdout += pad(out, flags, width);
        if (stop) return { stdout, stderr, status };
      } else if (conv === 'c') {
        // An empty argument prints its terminating NUL.
        stdout += pad((arg ?? '').slice(0, 1) || (arg === undefined ? '' : '\0'), flags, width);
      } else if ('feEgG'.includes(conv)) {
        const n = Number(arg ?? '0');
        if (Number.isNaN(n)) {
          stderr += `bash: line 1: printf: ${arg}: invalid number\n`;
          status = 1;
        }
        const v = Number.isNaN(n) ? 0 : n;
        const p = precision ?? 6;
        const text = conv === 'f' ? v.toFixed(p) : conv === 'e' || conv === 'E' ? v.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2') : String(Number(v.toPrecision(p || 1)));
        stdout += pad((flags.includes('+') && v >= 0 ? '+' : '') + (conv === 'E' || conv === 'G' ? text.toUpperCase() : text), flags, width);
      } else {
        const { value, ok } = numberArg(arg ?? '');
        if (!ok) {
          stderr += `bash: line 1: printf: ${arg}: invalid number\n`;
          status = 1;
        }
        const unsigned = value < 0n && conv !== 'd' && conv !== 'i' ? BigInt.asUintN(64, value) : value;
        let digits = conv === 'x' ? unsigned.toString(16) : conv === 'X' ? unsigned.toString(16).toUpperCase() : conv === 'o' ? unsigned.toString(8) : unsigned.toString();
        const negative = digits.startsWith('-');
        if (negative) digits = digits.slice(1);
        if (precision !== undefined) digits = digits.padStart(precision, '0');
        const sign = negative ? '-' : flags.includes('+') && (conv === 'd' || conv === 'i') ? '+' : '';
        stdout += pad(sign + digits, precision !== undefined ? flags.replace('0', '') : flags, width);
      }
    }
    if (next >= args.length || next === before) break;
  }
  return { stdout, stderr, status };
}

export function startEcho(stack: Stack, c: EchoCommand, io: ProcessIO): Process {
  io.stdout(echoOutput(c));
  stack.env.schedule(0, () => io.exit(0));
  return { kill: () => io.exit(143) };
}

export function startPrintf(stack: Stack, c: PrintfCommand, io: ProcessIO): Process {
  const r = printfOutput(c);
  if (r.stdout) io.stdout(r.stdout);
  if (r.stderr) io.stderr(r.stderr);
  stack.env.schedule(0, () => io.exit(r.status));
  return { kill: () => io.exit(143) };
}
