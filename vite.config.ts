import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { preloadStartup } from './src/build/preload-startup.js';
import { securityHeaders } from './src/build/security-headers.js';

export default defineConfig({
  // src/main.tsx evaluates the app's modules and React DOM's client in tasks of their own: fetched with the entry all the same.
  plugins: [react(), securityHeaders(), preloadStartup(['src/ui/App.tsx', 'node_modules/react-dom/client.js'])],
  // Relative URLs: the built site works from any path of any static host (/, /sub/path/).
  base: './',
  server: { port: 5173 },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
});
