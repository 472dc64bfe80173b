import { readFileSync } from 'node:fs';
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
// Package version and build minute (UTC): what the sync monitor shows for each phone, e.g. 0.1.0-202612020740.
// Kept in the environment: SvelteKit loads this file again in the process that writes the
// fallback page, and a build crossing a minute must not give that page another version.
process.env.TRAMSO_BUILD_MINUTE ??= new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
const built = process.env.TRAMSO_BUILD_MINUTE;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }),
		serviceWorker: { register: false },
		alias: { $domain: 'src/lib/domain' },
		version: { name: `${pkg.version}-${built}` }
	}
};

export default config;
