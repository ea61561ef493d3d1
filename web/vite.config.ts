/**
 * Builds the dashboard (web/) into web/dist, which `kindling serve` serves at `/`. Preact's JSX
 * through the compiler's automatic runtime; ECharts is split into its own chunk, loaded only when
 * a page draws a chart, so the lead queue paints first. Run as `vite build web` (root: web/).
 */
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
  },
});
