/* Text <-> bytes for the simulated protocols, one byte per character (the payloads are ASCII). */

export function toLatin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

export function fromLatin1(b: Uint8Array): string {
  let s = '';
  for (const c of b) s += String.fromCharCode(c);
  return s;
}

/**
 * What a process writes when it writes this text: bytes the shell tools made (printf '\xff')
 * are one character each; a character past 0xff (typed in a scenario) goes as UTF-8, as bash
 * writes it.
 */
export function textBytes(s: string): Uint8Array {
  if (!/[^\x00-\xff]/.test(s)) return toLatin1(s);
  const out: number[] = [];
  const utf8 = new TextEncoder();
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code <= 0xff) out.push(code);
    else out.push(...utf8.encode(ch));
  }
  return Uint8Array.from(out);
}
