/*
 * Arrays a namespace holds for its whole life (a device's addresses, a table's prefix lengths),
 * made at their exact size. An array grown by push keeps room for 16 more: a kilobyte of empty
 * slots per idle namespace, and 10,000 namespaces in a large document.
 */

/** A copy of `list` of exactly its length plus one, with `item` at `k`. */
export function insertedAt<T>(list: readonly T[], k: number, item: T): T[] {
  const out = new Array<T>(list.length + 1);
  for (let i = 0, j = 0; i < out.length; i++) out[i] = i === k ? item : list[j++]!;
  return out;
}
