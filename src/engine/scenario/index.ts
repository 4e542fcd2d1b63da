/** The scenario format (2; 1 and 0 migrate): parsing, validation, migration and defaults. */
export * from './types';
export { format, formatAll, pathToString } from './errors';
export type { JsonPath, PathSegment, ScenarioError, ScenarioResult, ScenarioWarning } from './errors';
export { parseScenario } from './parse';
export type { ParseResult } from './parse';
export { validateScenario, TOP_LEVEL_KEYS } from './validate';
export { CURRENT_FORMAT, OLDEST_FORMAT, MIGRATIONS, migrate } from './migrate';
export type { Migrated, Migration, MigrationStep } from './migrate';
export { DEVICE_KINDS } from './devices';
export { deviceIdProblem, portNameProblem, RESERVED_PORT_NAMES } from './names';
export * from './limits';
