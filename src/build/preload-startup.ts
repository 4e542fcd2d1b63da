import type { HtmlTagDescriptor, Plugin } from 'vite';

/*
 * The page evaluates the app's modules in a task of their own (src/main.tsx imports src/ui/App
 * at once, dynamically): evaluated with the entry they made one task of over 100 ms. The browser
 * should still fetch them with the entry, as it fetches the entry's own imports: this plugin
 * lists the chunks of such startup modules (and what they import) as modulepreload links in the
 * built index.html, beside the ones Vite writes for the entry.
 */

/** What the plugin reads of an output chunk (Rollup's OutputChunk). */
export interface StartupChunk {
  type: 'chunk' | 'asset';
  fileName: string;
  facadeModuleId?: string | null;
  imports?: string[];
  isEntry?: boolean;
}

/** The files to preload for the modules whose id ends with one of `modules`, their imports first-seen order, none the entry already loads. */
export function startupFiles(bundle: Record<string, StartupChunk>, modules: readonly string[]): string[] {
  const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
  const byFile = new Map(chunks.map((c) => [c.fileName, c]));
  const loaded = new Set<string>();
  const visit = (file: string, out: string[]) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    out.push(file);
    for (const i of byFile.get(file)?.imports ?? []) visit(i, out);
  };
  // What the entry imports Vite preloads already.
  for (const c of chunks) if (c.isEntry) visit(c.fileName, []);
  const files: string[] = [];
  for (const id of modules) {
    const chunk = chunks.find((c) => c.facadeModuleId?.replaceAll('\\', '/').endsWith(id));
    if (!chunk) throw new Error(`preload-startup: no chunk is made from ${id}`);
    visit(chunk.fileName, files);
  }
  return files;
}

export function preloadStartup(modules: readonly string[]): Plugin {
  let base = '/';
  return {
    name: 'hairpin-preload-startup',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx): HtmlTagDescriptor[] {
        if (!ctx.bundle) return [];
        return startupFiles(ctx.bundle as unknown as Record<string, StartupChunk>, modules).map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${file}` },
          injectTo: 'head',
        }));
      },
    },
  };
}
