import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

// The PWA plugin leaves out a hand-written manifest, so it is precached here with its own revision.
const manifestRevision = createHash('md5')
	.update(readFileSync('static/manifest.webmanifest', 'utf8'))
	.digest('hex');

export default defineConfig({
	plugins: [
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
					fileParallelism: false
				}
			}
		]
	}
});
