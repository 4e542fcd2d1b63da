import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { MAX_FILE_BYTES } from '../engine/scenario/limits';

/*
 * Reads a scenario file for the CLI: refuses what is not a regular file or is too large before
 * reading it (a directory, /dev/zero, a 2 GB log), and text that is not UTF-8, naming the line
 * and column of the first bad byte. Every failure is a sentence for stderr, starting with the file.
 */

export type ReadResult = { ok: true; text: string } | { ok: false; message: string };

const REASONS: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
};

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return (code && REASONS[code]) ?? (e instanceof Error ? e.message : String(e));
}

export function readScenarioFile(file: string): ReadResult {
  const fail = (why: string): ReadResult => ({ ok: false, message: `hairpin: ${file}: ${why}` });
  if (file === '') return fail('No such file or directory');
  const notAFile = (stat: Stats) => {
    if (stat.isDirectory()) return 'Is a directory; give the scenario file (LAB.json)';
    if (!stat.isFile()) return 'not a regular file; give the scenario file (LAB.json)';
    if (stat.size > MAX_FILE_BYTES) return `the file is ${stat.size} bytes; the limit for a scenario is ${MAX_FILE_BYTES} bytes`;
    return undefined;
  };
  let fd: number;
  try {
    // Checked before opening too: opening a named pipe would wait for a writer forever.
    const problem = notAFile(statSync(file));
    if (problem) return fail(problem);
    fd = openSync(file, 'r');
  } catch (e) {
    return fail(reason(e));
  }
  try {
    const stat = fstatSync(fd);
    const problem = notAFile(stat);
    if (problem) return fail(problem);
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break; // shrank while reading: parse what is there
      read += n;
    }
    return decodeUtf8(file, bytes.subarray(0, read));
  } catch (e) {
    return fail(reason(e));
  } finally {
    closeSync(fd);
  }
}

function decodeUtf8(file: string, bytes: Uint8Array): ReadResult {
  try {
    // ignoreBOM keeps a byte order mark in the text: the parser accounts for it as the UI does.
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const { line, column } = firstInvalid(bytes);
    return { ok: false, message: `hairpin: ${file}:${line}:${column}: not UTF-8 text (a scenario is a UTF-8 JSON file; is this a binary file?)` };
  }
}

/** Line and column (in UTF-16 units, as the parser counts them) of the first byte that is not UTF-8. */
function firstInvalid(bytes: Uint8Array): { line: number; column: number } {
  const before = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, firstInvalidOffset(bytes)));
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629), or the length. */
function firstInvalidOffset(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const more = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (more === 0 || i + more >= b.length) return i; // not a lead byte, or cut off at the end
    const c1 = b[i + 1]!;
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 > 0x9f) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 > 0x8f)) return i;
    for (let k = 1; k <= more; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += more + 1;
  }
  return b.length;
}

/** How messages name standard input (`hairpin import --device srv -`), as the shell tools do. */
export const STDIN_NAME = '<stdin>';

/** Reads into the buffer, returning how many bytes came; 0 at the end. */
export type ReadInto = (buffer: Uint8Array) => number;

const readFd0: ReadInto = (buffer) => {
  for (;;) {
    try {
      return readSync(0, buffer, 0, buffer.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EOF') return 0; // Windows, at a closed pipe
      if (code !== 'EAGAIN') throw e;
      // Standard input set non-blocking by whoever started us: wait for the writer.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
};

/**
 * Reads standard input to its end, with a file's limits: more than MAX_FILE_BYTES is refused
 * as soon as it is seen (`cat /dev/zero | hairpin import …` stops), text must be UTF-8.
 */
export function readStdin(read: ReadInto = readFd0): ReadResult {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const chunk = new Uint8Array(65536);
      const n = read(chunk);
      if (n === 0) break;
      size += n;
      if (size > MAX_FILE_BYTES) return { ok: false, message: `hairpin: ${STDIN_NAME}: more than ${MAX_FILE_BYTES} bytes; the limit for one input is ${MAX_FILE_BYTES} bytes` };
      chunks.push(chunk.subarray(0, n));
    }
  } catch (e) {
    return { ok: false, message: `hairpin: ${STDIN_NAME}: ${reason(e)}` };
  }
  return decodeUtf8(STDIN_NAME, Buffer.concat(chunks));
}
