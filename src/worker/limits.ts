/*
 * How long the engine may work before it is stopped, shared by the worker (which passes the
 * deadline to the engine) and the page (which watches the worker). Kept apart so the page's
 * bundle does not pull in the worker's code.
 */

/** A run (or a replay to a step) stops with the reason 'wall-time' after this much real time. */
export const WALL_TIME_MS = 20_000;

/** The worker posts this at most once a second while it computes, so the page knows it lives. */
export const HEARTBEAT = 'hairpin-heartbeat';
export const HEARTBEAT_EVERY_MS = 1_000;

/** The page gives up on a worker that has said nothing for this long while a call is pending. */
export const SILENCE_MS = 10_000;

/** A new worker may take this long to load (a slow machine, a cold cache) before it first speaks. */
export const STARTUP_MS = 30_000;
