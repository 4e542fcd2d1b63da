import { isShareHash } from '../share/hash';
import { startEngine } from './client';

/*
 * main.tsx's first import, so it runs before React and the rest of the page are evaluated: a
 * share link of a run is decoded in the worker and its flow run there as soon as it is read,
 * so the worker's script starts loading before anything else, and its loading overlaps the
 * page's own start rather than following it.
 */
if (isShareHash(location.hash)) startEngine();
