import { describe, expect, it } from 'vitest';
import { startupFiles } from './preload-startup';

describe('startup modules are fetched with the entry (modulepreload links in index.html)', () => {
  const bundle = {
    'assets/index.js': { type: 'chunk' as const, fileName: 'assets/index.js', isEntry: true, facadeModuleId: '/app/index.html', imports: ['assets/react.js', 'assets/ipv4.js'] },
    'assets/App.js': { type: 'chunk' as const, fileName: 'assets/App.js', facadeModuleId: '/app/src/ui/App.tsx', imports: ['assets/react.js', 'assets/flow.js'] },
    'assets/flow.js': { type: 'chunk' as const, fileName: 'assets/flow.js', imports: ['assets/ipv4.js', 'assets/d3.js'] },
    'assets/d3.js': { type: 'chunk' as const, fileName: 'assets/d3.js' },
    'assets/react.js': { type: 'chunk' as const, fileName: 'assets/react.js' },
    'assets/ipv4.js': { type: 'chunk' as const, fileName: 'assets/ipv4.js' },
    'assets/Lessons.js': { type: 'chunk' as const, fileName: 'assets/Lessons.js', facadeModuleId: '/app/src/ui/Lessons.tsx' },
    'assets/style.css': { type: 'asset' as const, fileName: 'assets/style.css' },
  };

  it('lists the startup module and what it imports, not what the entry loads already, nor other lazy chunks', () => {
    expect(startupFiles(bundle, ['src/ui/App.tsx'])).toEqual(['assets/App.js', 'assets/flow.js', 'assets/d3.js']);
  });

  it('says so when the module is not a chunk of its own (a rename would silently drop the preload)', () => {
    expect(() => startupFiles(bundle, ['src/ui/Gone.tsx'])).toThrow(/no chunk is made from src\/ui\/Gone\.tsx/);
  });
});
