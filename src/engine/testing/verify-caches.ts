import { routeInputCacheChecks } from '../kernel/route_input_cache';

// Every unit test runs with the engine's caches checked: an answer taken from a cache must be
// the one a fresh lookup gives, or the test fails where the cache went stale.
routeInputCacheChecks.verify = true;
