import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = [
	'src',
	'static',
	'static-data',
	'svelte.config.js',
	'vite.config.ts',
	'package-lock.json'
];

function newestMtime(path) {
	if (!existsSync(path)) return 0;
	const st = statSync(path);
	if (!st.isDirectory()) return st.mtimeMs;
	let newest = st.mtimeMs;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
	return newest;
}

/** Builds the PWA unless `build/` is newer than every source file. */
export function ensureBuild({ force = false } = {}) {
	const built = existsSync('build/index.html') ? statSync('build/index.html').mtimeMs : 0;
	const sources = Math.max(...SOURCES.map(newestMtime));
	if (!force && built > sources) return false;
	execSync('npx vite build', { stdio: ['ignore', 'ignore', 'inherit'] });
	return true;
}
