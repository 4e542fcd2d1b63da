/**
 * Shared pieces of the property-based fuzz tests (the fuzz.test.ts files). Test-only: nothing in
 * the app imports this.
 *
 * In `vitest run` the suites use a fixed seed and the CI run counts given to `runs()` (about
 * 100,000 inputs in all). `npm run fuzz` sets HAIRPIN_FUZZ_RUNS (default 1,000,000) and the
 * same properties then run that many inputs in all, from a random seed that each test file prints;
 * give it back as HAIRPIN_FUZZ_SEED (with the same HAIRPIN_FUZZ_RUNS) to replay a failure. A
 * failing property also reports fast-check's own seed and shrunk counterexample.
 */
import fc from 'fast-check';
import { expect } from 'vitest';

/** The total the CI counts add up to; `runs()` scales each suite's share of it. */
const CI_TOTAL = 100_000;
const FIXED_SEED = 0x4a1f_2b3c;

const envRuns = Number(process.env.HAIRPIN_FUZZ_RUNS);
/** Whether this is a long `npm run fuzz` rather than the CI run. */
export const FUZZ_MODE = Number.isFinite(envRuns) && envRuns > 0;
const envSeed = process.env.HAIRPIN_FUZZ_SEED;
export const FUZZ_SEED = envSeed !== undefined && envSeed !== '' ? Number(envSeed) | 0
  : FUZZ_MODE ? (Math.random() * 0x7fff_ffff) | 0 : FIXED_SEED;

let announced = false;
/** fast-check parameters for one property whose CI share is `ciRuns` inputs. */
export function params<T>(ciRuns: number): fc.Parameters<T> {
  if (FUZZ_MODE && !announced) {
    announced = true;
    const file = expect.getState().testPath?.replace(/^.*?(?=src\/)/, '') ?? '';
    console.log(`[fuzz] ${file}: HAIRPIN_FUZZ_RUNS=${envRuns} HAIRPIN_FUZZ_SEED=${FUZZ_SEED} (run with this HAIRPIN_FUZZ_SEED to replay)`);
  }
  const numRuns = FUZZ_MODE ? Math.max(1, Math.round((ciRuns * envRuns) / CI_TOTAL)) : ciRuns;
  return { seed: FUZZ_SEED, numRuns, endOnFailure: false };
}

/**
 * Per-test timeout for vitest: generous in CI, unbounded in long fuzz runs. Properties have no
 * wall-clock budget per call (a busy CI box made one fail at 66 ms of 50): a call that hangs fails
 * the test by this timeout, and how fast the parsers are is `npm run bench -- --parse`'s figure.
 */
// A guard against a hang, not a budget: the runs are counted, and a shared CI machine under load took 78 s for 20,000.
export const TEST_TIMEOUT = FUZZ_MODE ? 24 * 3600_000 : 240_000;

const longName = (c: string, n: number): string => c.repeat(n);

/** Tokens that have broken parsers before, or could: one of these is spliced into inputs. */
export const NASTY_TOKENS: readonly string[] = [
  // shell metacharacters and redirections
  ';', '|', '&', '&&', '||', '$(', ')', '(', '`', '>', '<', '>>', '2>&1', '1>&2', '3>&1', '<<EOF', "<<'EOF'", '<<-EOF',
  "'", '"', '\\', '#', '$', '${x}', '$((1+1))', '*', '?', '~', '!', '{', '}', '[', ']', '=',
  ' ; rm -rf / ', '$(reboot)', '`id`', '> /etc/passwd', '< /dev/zero', '/dev/null', '> /proc/sys/net/ipv4/ip_forward',
  // huge and odd numbers
  '99999999999999999999', '1.2.3.4/99999999999999999999', '-1', '-0', '0x', '0xffffffffffffffffffff', '1e400', '1e-400',
  'NaN', 'Infinity', '-Infinity', '4294967296', '4294967295', '2147483648', '65536', '65535', '0', '00000000000000000001',
  '9007199254740993', '1.2.3.4', '256.256.256.256', '1.2.3', '1.2.3.4.5', '::1', '10.0.0.0/33', '/', '/-1', ':', ':99999999999',
  '1.2.3.4:99999999999999', '0.0.0.0/0', '255.255.255.255/32', '1..2', '.', '..',
  // overlong names
  longName('a', 16), longName('x', 300), longName('p', 5000), `eth${'0'.repeat(400)}`, `CHAIN${'Z'.repeat(1000)}`,
  // unicode controls and oddities
  '\u0000', '\u0001', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u00a0', '\u200b', '\u200d', '\u202e', '\u2028', '\u2029',
  '\ufeff', '\ufffd', '\uffff', '\ud800', '\udc00', '\udfff\ud800', '\ud83d\ude00', 'é', 'İ', 'ﬀ', '\r', '\n', '\r\n', '\t', '\v', '\f',
  // HTML and script text
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', '&lt;&amp;', 'javascript:alert(1)',
  // names with special meaning in JavaScript objects
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf',
  // words the parsers know
  '-', '--', '-j', '-A', '-t', '-p', '-m', '--dport', '--to-destination', 'dev', 'via', 'src', 'table', 'default', 'eth0',
  'lo', 'nat', 'filter', 'ACCEPT', 'DROP', 'DNAT', 'MASQUERADE', 'PREROUTING', 'ip', 'iptables', 'sysctl', 'echo', 'EOF', 'COMMIT', '*nat',
];

/** Any string: every code unit (including lone surrogates and controls), or printable text. */
export const anyString = (maxLength = 80): fc.Arbitrary<string> => fc.oneof(
  fc.string({ unit: 'binary', maxLength }),
  fc.string({ unit: 'grapheme', maxLength }),
  fc.string({ unit: fc.constantFrom(...NASTY_TOKENS), maxLength: 8 }),
  fc.string({ maxLength }),
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength }).map((codes) => String.fromCharCode(...codes)),
);

/** A short string to splice in: a nasty token, or a random one. */
export const spliceText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_TOKENS) },
  { weight: 1, arbitrary: anyString(12) },
  { weight: 1, arbitrary: fc.constantFrom(' ', '  ', '\t') },
);

type Edit =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'replace'; at: number; length: number; text: string }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'replaceWord'; at: number; text: string }
  | { op: 'dropWord'; at: number }
  | { op: 'swapWords'; at: number; other: number };

const position = fc.nat({ max: 1 << 30 });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: position, text: spliceText }),
  fc.record({ op: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('replace' as const), at: position, length: fc.integer({ min: 1, max: 4 }), text: spliceText }),
  fc.record({ op: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ op: fc.constant('replaceWord' as const), at: position, text: spliceText }),
  fc.record({ op: fc.constant('dropWord' as const), at: position }),
  fc.record({ op: fc.constant('swapWords' as const), at: position, other: position }),
);

function applyEdit(s: string, e: Edit): string {
  const at = s.length === 0 ? 0 : e.at % (s.length + 1);
  switch (e.op) {
    case 'insert': return s.slice(0, at) + e.text + s.slice(at);
    case 'delete': return s.slice(0, at) + s.slice(at + e.length);
    case 'replace': return s.slice(0, at) + e.text + s.slice(at + e.length);
    case 'duplicate': return s.slice(0, at + e.length) + s.slice(at, at + e.length) + s.slice(at);
    default: {
      const words = s.split(' ');
      const i = e.at % words.length;
      if (e.op === 'replaceWord') words[i] = e.text;
      else if (e.op === 'dropWord') words.splice(i, 1);
      else {
        const j = e.other % words.length;
        [words[i], words[j]] = [words[j]!, words[i]!];
      }
      return words.join(' ');
    }
  }
}

/** A corpus entry with a few edits applied: token splices, deletions, duplications, swaps. */
export function mutated(corpus: readonly string[], maxEdits = 4): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...corpus), fc.array(edit, { minLength: 1, maxLength: maxEdits }))
    .map(([s, edits]) => edits.reduce(applyEdit, s));
}

/** The length of each line of a text, as editors count lines (\n, \r\n and \r end them). */
export function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}
