/*
 * The little of the Web Storage API the library needs. localStorage implements it; so does
 * memoryStorage(), which lets the tests run in Node and simulate full disks and crashes.
 */

export interface KeyValueStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  /** May throw: the quota is exceeded, storage is disabled, or (in tests) a simulated crash. */
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A Map-backed storage with an optional quota in UTF-16 code units (as browsers count it). */
export class MemoryStorage implements KeyValueStorage {
  readonly data = new Map<string, string>();
  /** Called before each write; throw from it to simulate a failure at that point. */
  beforeWrite?: (key: string, value: string) => void;

  constructor(readonly quota = Infinity) {}

  get length(): number {
    return this.data.size;
  }
  key(index: number): string | null {
    return [...this.data.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.beforeWrite?.(key, value);
    const used = [...this.data].reduce((n, [k, v]) => n + (k === key ? 0 : k.length + v.length), 0);
    if (used + key.length + value.length > this.quota) {
      throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    }
    this.data.set(key, value);
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
}

/** A full disk, whichever way the browser says it (Chromium/WebKit, old Firefox, legacy codes). */
export function isQuotaError(e: unknown): boolean {
  if (!(e instanceof Error) && !(typeof e === 'object' && e !== null)) return false;
  const { name, code } = e as { name?: string; code?: number };
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22 || code === 1014;
}

/**
 * The page's localStorage, or undefined when there is none or the browser refuses access (some
 * privacy modes throw on the mere property access): the playground then works without saving.
 * Only reads here: a write probe would fail on a full disk and hide the work saved there.
 */
export function browserStorage(): KeyValueStorage | undefined {
  try {
    const s = globalThis.localStorage;
    if (!s) return undefined;
    s.getItem('hairpin.storage');
    return s;
  } catch {
    return undefined;
  }
}

/** All keys starting with `prefix`, collected first so callers may remove while iterating. */
export function keysWithPrefix(storage: KeyValueStorage, prefix: string): string[] {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i);
    if (k !== null && k.startsWith(prefix)) keys.push(k);
  }
  return keys;
}
