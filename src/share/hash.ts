/*
 * Telling a share link from any other hash, without the codec (which the page leaves to the
 * worker): the page asks at startup and when the hash changes.
 */

/** Whether a location hash is meant as a share link of any version (ours to open or to explain). */
export function isShareHash(hash: string): boolean {
  return /^#v\d/.test(hash);
}
