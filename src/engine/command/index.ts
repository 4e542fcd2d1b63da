/** Parsers from text lines to typed commands (see types.ts for the shapes). */
export { parseConfigLine, parseFlowLine } from './parse';
export { parseConfigScript, parseIptablesRestore } from './iptables-restore';
export { lex, type Token, type LexResult } from './lexer';
export { IPTABLES_BANNER, IPTABLES_RUNTIME_ERRORS } from './iptables-values';
export { normalizeSysctlKey } from './files';
export * from './types';
