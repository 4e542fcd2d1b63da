import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { securityHeaders } from './src/build/security-headers.js';

export default defineConfig({
  plugins: [react(), securityHeaders()],
  // Relative URLs: the built site works from any path of any static host (/, /sub/path/).
  base: './',
  server: { port: 5173 },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
});
