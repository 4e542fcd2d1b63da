import { describe, isObject } from './checks';
import type { Issue, JsonPath } from './errors';

/** The format this Hairpin writes and validates. */
export const CURRENT_FORMAT = 2 as const;

/** The oldest format a migration chain starts from. */
export const OLDEST_FORMAT = 0;

export type JsonObject = Record<string, unknown>;

/** What one migration made of a document. */
export interface MigrationStep {
  doc: JsonObject;
  /** Problems only the old format can explain, with paths in its input. */
  issues: Issue[];
  /** Maps a path in the output back to the path in the input, so errors point at what was written. */
  pathBack: (path: JsonPath) => JsonPath;
}

/** Turns a document of format `from` into format `from + 1`. Never mutates its input. */
export interface Migration {
  from: number;
  summary: string;
  migrate(doc: JsonObject): MigrationStep;
  /**
   * The newer format only adds keys: a document of the older one means the same in the newer, so
   * opening it needs no note.
   */
  additive?: boolean;
}

/**
 * Format 0 was the pre-release shape: `nodes` instead of `devices`, and a flow's command in
 * `cmd` instead of `run`. Everything else is as in format 1.
 */
const format0to1: Migration = {
  from: 0,
  summary: '"nodes" became "devices" and a flow\'s "cmd" became "run"',
  migrate(doc) {
    const issues: Issue[] = [];
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(doc)) {
      if (key === 'devices') issues.push({ path: ['devices'], target: 'key', message: 'format 0 calls this "nodes"; for format 1 write "hairpin": 1' });
      else if (key === 'nodes') out.devices = value;
      else if (key === 'flows' && Array.isArray(value)) out.flows = value.map((flow, i) => renameCmd(flow, i, issues));
      else out[key] = value;
    }
    out.hairpin = 1;
    const flowsMigrated = Array.isArray(doc.flows);
    const pathBack = (path: JsonPath): JsonPath => {
      const [first, second, third, ...rest] = path;
      if (first === 'devices') return ['nodes', ...path.slice(1)];
      if (first === 'flows' && flowsMigrated && typeof second === 'number' && third === 'run') return ['flows', second, 'cmd', ...rest];
      return path;
    };
    return { doc: out, issues, pathBack };
  },
};

function renameCmd(flow: unknown, index: number, issues: Issue[]): unknown {
  if (!isObject(flow)) return flow;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(flow)) {
    if (key === 'run') issues.push({ path: ['flows', index, 'run'], target: 'key', message: 'format 0 calls this "cmd"' });
    else if (key === 'cmd') out.run = value;
    else out[key] = value;
  }
  return out;
}

/** Format 2 added `lesson`; a format 1 document is a format 2 one without a lesson. */
const format1to2: Migration = {
  from: 1,
  summary: 'added "lesson" (steps and questions inside the scenario)',
  additive: true,
  migrate: (doc) => ({
    doc: { ...doc, hairpin: 2 },
    issues: 'lesson' in doc ? [{ path: ['lesson'], target: 'key', message: 'format 1 has no lessons; for a lesson write "hairpin": 2' }] : [],
    pathBack: identity,
  }),
};

/** Every migration, in order: MIGRATIONS[i] takes format OLDEST_FORMAT + i to the next. */
export const MIGRATIONS: readonly Migration[] = [format0to1, format1to2];

export interface Migrated {
  /** The document in CURRENT_FORMAT (still unvalidated), or undefined when its version is unusable. */
  doc?: JsonObject;
  /** The version the document was written in, when it had a usable one. */
  from?: number;
  issues: Issue[];
  /** A note per migration applied; the document loads, but saving it writes the current format. */
  notes: Issue[];
  pathBack: (path: JsonPath) => JsonPath;
}

const identity = (path: JsonPath): JsonPath => path;

/** Checks `hairpin` and runs every migration from the document's format to the current one. */
export function migrate(input: unknown): Migrated {
  const fatal = (path: JsonPath, message: string, target: Issue['target'] = 'value'): Migrated => ({
    issues: [{ path, message, target }],
    notes: [],
    pathBack: identity,
  });
  if (!isObject(input)) return fatal([], `a scenario is a JSON object, not ${describe(input)}`);
  if (!('hairpin' in input)) {
    return fatal(['hairpin'], `required, but missing: the format version (this Hairpin writes ${CURRENT_FORMAT})`, 'parent');
  }
  const version = input.hairpin;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return fatal(['hairpin'], `the format version is a whole number like ${CURRENT_FORMAT}, not ${describe(version)}`);
  }
  if (version > CURRENT_FORMAT) return fatal(['hairpin'], `format ${version} is newer than this Hairpin understands (${CURRENT_FORMAT})`);
  if (version < OLDEST_FORMAT) return fatal(['hairpin'], `format ${version} does not exist; the current format is ${CURRENT_FORMAT}`);

  let doc = input;
  let pathBack = identity;
  const issues: Issue[] = [];
  for (let v = version; v < CURRENT_FORMAT; v++) {
    const migration = MIGRATIONS[v - OLDEST_FORMAT];
    if (!migration || migration.from !== v) throw new Error(`no migration from format ${v}`);
    const step = migration.migrate(doc);
    // Issues from this step are in its input's paths; earlier steps' mappings take them home.
    issues.push(...step.issues.map((issue) => ({ ...issue, path: pathBack(issue.path) })));
    const before = pathBack;
    pathBack = (path) => before(step.pathBack(path));
    doc = step.doc;
  }
  const noteworthy = MIGRATIONS.slice(version - OLDEST_FORMAT).some((m) => !m.additive);
  const notes: Issue[] =
    !noteworthy
      ? []
      : [{ path: ['hairpin'], target: 'value', message: `format ${version} was migrated to format ${CURRENT_FORMAT}; saving writes format ${CURRENT_FORMAT}` }];
  return { doc, from: version, issues, notes, pathBack };
}
