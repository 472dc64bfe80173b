import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

// The PWA plugin leaves out a hand-written manifest, so it is precached here with its own revision.
const manifestRevision = createHash('md5')
	.update(readFileSync('static/manifest.webmanifest', 'utf8'))
	.digest('hex');

export default defineConfig({
	plugins: [
		{
			// The procedure catalogue and working-day calendar ship in the app: a bad entry fails the build.
			name: 'tramso-static-data',
			config() {
				const args = ['--import', 'tsx', 'sync-server/src/procedures/check.ts', 'static-data'];
				const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
				if (r.status !== 0) throw new Error(r.stderr.trim() || 'static-data check failed');
			}
		},
		sveltekit(),
		SvelteKitPWA({
			registerType: 'autoUpdate',
			injectRegister: false,
			manifest: false,
			includeManifestIcons: false,
			workbox: {
				globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,woff,woff2}'],
				// An empty prefix map stops the plugin adding a prerendered/ glob that matches nothing in an SPA.
				modifyURLPrefix: {},
				additionalManifestEntries: [{ url: 'manifest.webmanifest', revision: manifestRevision }],
				navigateFallback: '/',
				navigateFallbackDenylist: [/^\/api\//, /^\/db\//],
				cleanupOutdatedCaches: true,
				clientsClaim: true,
				skipWaiting: true
			},
			kit: { adapterFallback: 'index.html', spa: { fallbackMapping: '/' } }
		})
	],
	server: {
		port: 5173,
		proxy: { '/api': 'http://localhost:8080', '/db': 'http://localhost:8080' }
	},
	test: {
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' }
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 60_000,
					// Each file starts its own server on a free port and data directory; much of the time is
					// spent waiting (throttle windows, restarts): two files at once took 246 s against 383 s.
					fileParallelism: true,
					maxWorkers: 2
				}
			}
		]
	}
});
