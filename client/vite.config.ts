import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

// The API server the dev server forwards to; override to point at another port.
const apiTarget = process.env.RELAYDESK_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    // Compressed once at build time, at the highest settings, and sent as they are by the server
    // (server/src/http/clientAssets.ts): no request pays for compression.
    compression({
      algorithms: [defineAlgorithm('brotliCompress'), defineAlgorithm('gzip', { level: 9 })],
      exclude: [/\.map$/, /manifest\.json$/],
      threshold: 1024,
    }),
  ],
  resolve: { conditions: ['source'] },
  server: {
    proxy: {
      '/api': apiTarget,
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
    // The entry's size is held to a budget by scripts/checkBundle.ts, which reads this manifest.
    manifest: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Libraries that change less often than the app get chunks of their own, so a release
          // of the app does not make browsers fetch them again.
          groups: [
            { name: 'vendor-react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 20 },
            { name: 'vendor-query', test: /[\\/]node_modules[\\/]@tanstack[\\/]/, priority: 10 },
            { name: 'vendor-zod', test: /[\\/]node_modules[\\/]zod[\\/]/, priority: 10 },
            { name: 'vendor-socket', test: /[\\/]node_modules[\\/](socket\.io-client|engine\.io-client|engine\.io-parser|socket\.io-parser|@socket\.io)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
