import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

/** Installs npm dependencies when node_modules is missing or older than the lockfile. */
export function ensureNodeModules() {
	const marker = 'node_modules/.package-lock.json';
	const stale =
		!existsSync(marker) ||
		(existsSync('package-lock.json') &&
			statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs + 1000);
	if (!stale) return;
	console.log('• Installing dependencies (npm ci)…');
	execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium drives the browser tests; Playwright may not download its own. */
export function ensureChromium() {
	if (existsSync(CHROMIUM)) return;
	const root = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!root) {
		console.error(
			`Chromium is missing at ${CHROMIUM}. Install it with: sudo apt-get install -y chromium\n` +
				'(or set CHROMIUM_PATH to a Chromium binary).'
		);
		process.exit(1);
	}
	console.log('• Installing Chromium from Debian (apt-get install chromium)…');
	execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
		stdio: 'inherit'
	});
}
