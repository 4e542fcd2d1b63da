import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The bare React Flow page the UI benchmark compares the canvas with (bench/ui.ts): its own
// small production build, never part of the app.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
  logLevel: 'error',
});
