/**
 * Limits on a scenario document. They are generous: they exist so that a pasted file or a
 * hostile URL fails with a clear message instead of freezing the tab, not to constrain lessons.
 * The simulator may refuse smaller scenarios for its own reasons; these are the format's.
 */

/** Whole document, in UTF-16 code units (a string's length). */
export const MAX_TEXT_LENGTH = 32 * 1024 * 1024;

/**
 * A scenario file, in bytes: larger files are refused before they are read (the CLI, and the
 * UI's import). UTF-8 takes at least one byte per character, so no file this limit lets through
 * is refused for MAX_TEXT_LENGTH after decoding.
 */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

/**
 * Nesting of arrays and objects. Format 1 needs 4 (devices → pc1 → ports → eth0); the cap keeps
 * the recursive JSON parser far from the stack limit on input like "[[[[[[…".
 */
export const MAX_NESTING_DEPTH = 32;

/**
 * Values in the document (each ',' and ':' counts one), checked by a scan before parsing.
 * Positions are kept for every value, at about a microsecond each: a million is about a second,
 * where a 20 MB array of zeros took six. 10,000 devices with a few ports each and 50,000 links
 * hold about half a million; a lesson, a few hundred.
 */
export const MAX_JSON_VALUES = 1_000_000;

/**
 * Far beyond any lesson, and a file this big (about 2 MB) still parses in about half a second. (Default MACs
 * hold the device index in three bytes, so this must stay below 2^24 anyway.)
 */
export const MAX_DEVICES = 10_000;

/** Default MACs hold the port index in one byte: port 256 would repeat port 0's MAC. */
export const MAX_PORTS_PER_DEVICE = 255;

export const MAX_LINKS = 50_000;
export const MAX_FLOWS = 1_000;
export const MAX_CONFIG_LINES = 10_000;

/**
 * Commands in all configs together (each iptables rule and route is one; see commands.ts).
 * Room for a full-table router (100,000 routes) and the rest of its scenario. Booting costs
 * about 16 µs per iptables rule and 24 µs per route (measured: 100,000 rules boot in 1.6 s,
 * 100,000 routes in 2.4 s), so this keeps any scenario's boot to a few seconds.
 */
export const MAX_CONFIG_COMMANDS = 150_000;

/** A config line or a flow command; longer than any real `iptables` line. */
export const MAX_LINE_LENGTH = 4096;

/** The scenario's and each flow's title: a heading, not prose. */
export const MAX_TITLE_LENGTH = 256;

/** The lesson text (Markdown). */
export const MAX_ABOUT_LENGTH = 1024 * 1024;

/** Device ids become namespace and file names (`<device>-<port>.pcap`); short keeps them readable. */
export const MAX_DEVICE_ID_LENGTH = 12;

/** Linux IFNAMSIZ (16) minus the terminating NUL. */
export const MAX_PORT_NAME_LENGTH = 15;

/** Errors reported at most; the rest are counted in a final line. */
export const MAX_ERRORS = 100;

/** A lesson's steps and questions, and each question's hints: a lesson has a few dozen at most. */
export const MAX_LESSON_STEPS = 1_000;
export const MAX_QUESTIONS = 100;
export const MAX_HINTS = 20;

/** One step's text, question, hint or answer (Markdown). */
export const MAX_LESSON_TEXT = 64 * 1024;
