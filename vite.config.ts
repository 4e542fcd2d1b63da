import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { preloadStartup } from './src/build/preload-startup.js';
import { securityHeaders } from './src/build/security-headers.js';

export default defineConfig({
  // src/main.tsx evaluates the app's modules in a task of their own: fetched with the entry all the same.
  plugins: [react(), securityHeaders(), preloadStartup(['src/ui/App.tsx'])],
  // Relative URLs: the built site works from any path of any static host (/, /sub/path/).
  base: './',
  server: { port: 5173 },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
});
