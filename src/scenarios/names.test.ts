import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS } from '.';
import { BUILTIN_NAMES, builtinTextNow, DEFAULT_LESSON, isBuiltinName, loadBuiltinText } from './names';

/* The page's view of the built-in lessons: names at once, each file when asked for. */

describe('built-in lesson names and texts', () => {
  it('name every lesson file, in the order the engine side lists them', () => {
    const files = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));
    expect([...BUILTIN_NAMES].sort()).toEqual(files.sort());
    expect(Object.keys(BUILTIN_SCENARIOS)).toEqual(BUILTIN_NAMES);
  });

  it.each(BUILTIN_NAMES)('%s loads as the same text the engine side has', async (name) => {
    expect(await loadBuiltinText(name)).toBe(BUILTIN_SCENARIOS[name]);
    expect(builtinTextNow(name)).toBe(BUILTIN_SCENARIOS[name]);
  });

  it('has the default lesson before anything is loaded', () => {
    expect(builtinTextNow(DEFAULT_LESSON)).toBe(BUILTIN_SCENARIOS[DEFAULT_LESSON]);
  });

  it.each(['constructor', '__proto__', 'toString', 'no-such-lesson'])('refuses %s, which is no lesson', async (name) => {
    expect(isBuiltinName(name)).toBe(false);
    expect(builtinTextNow(name)).toBeUndefined();
    await expect(loadBuiltinText(name)).rejects.toThrow(`There is no built-in scenario named “${name}”.`);
  });
});
