/*
 * Vite's `?raw` imports (a file's text as its default export) for src modules loaded in Node:
 * the engine worker reads the built-in lessons' JSON that way. Registered after tsx, so it
 * answers first for those specifiers and leaves every other one to tsx.
 */
import { readFile } from 'node:fs/promises';

export async function resolve(specifier, context, next) {
  if (specifier.endsWith('?raw') && context.parentURL) return { url: new URL(specifier, context.parentURL).href, format: 'module', shortCircuit: true };
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith('?raw')) return next(url, context);
  const text = await readFile(new URL(url.slice(0, -'?raw'.length)), 'utf8');
  return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
}
