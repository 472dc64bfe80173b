// `npm test`: every check the project has, in order; exits non-zero on the first failure.
import { execSync } from 'node:child_process';
import { ensureChromium, ensureNodeModules } from './lib/deps.mjs';

ensureNodeModules();
ensureChromium();

const steps = [
	['Static checks (types, lint, format)', 'npm run check'],
	['Unit tests', 'npx vitest run --project unit'],
	['Integration tests', 'npx vitest run --project integration'],
	['Build', 'npx vite build'],
	['End-to-end tests (Chromium)', 'npx playwright test']
];

const started = Date.now();
for (const [name, cmd] of steps) {
	const t0 = Date.now();
	console.log(`\n━━ ${name}: ${cmd}`);
	try {
		execSync(cmd, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
	} catch {
		console.error(`\n✗ ${name} failed (${cmd}).`);
		process.exit(1);
	}
	console.log(`✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
