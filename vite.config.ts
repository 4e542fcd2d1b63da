import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** The dev server's hot reload needs a WebSocket; the built app connects to its own origin only. */
const noWebSocketsInBuild: Plugin = {
  name: 'hairpin-csp-build',
  apply: 'build',
  transformIndexHtml: (html) => html.replace("connect-src 'self' ws:;", "connect-src 'self';"),
};

export default defineConfig({
  plugins: [react(), noWebSocketsInBuild],
  server: { port: 5173 },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
});
