// `npm run lighthouse`: audits the app as `npm start` serves it (compressed), mobile profile,
// in Debian's Chromium; prints the four category scores and one JSON line of them.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { ensureBuild } from './lib/build.mjs';
import { CHROMIUM } from './lib/deps.mjs';

const port = Number(process.env.LIGHTHOUSE_PORT ?? 8282);
const url = `http://localhost:${port}/`;
ensureBuild();

const server = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], {
	stdio: 'ignore',
	env: {
		...process.env,
		PORT: String(port),
		DATA_DIR: mkdtempSync(join(tmpdir(), 'tramso-lh-')),
		DEMO: '1'
	}
});

async function waitUp() {
	for (let i = 0; i < 150; i++) {
		const ok = await fetch(`${url}api/health`).then(
			(r) => r.ok,
			() => false
		);
		if (ok) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error('server did not start');
}

let chrome;
try {
	await waitUp();
	chrome = await chromeLauncher.launch({
		chromePath: process.env.CHROME_PATH ?? CHROMIUM,
		chromeFlags: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
	const result = await lighthouse(url, {
		port: chrome.port,
		output: 'html',
		logLevel: 'error',
		onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo']
	});
	mkdirSync('.lighthouse', { recursive: true });
	writeFileSync('.lighthouse/report.html', result.report);
	const scores = Object.fromEntries(
		Object.entries(result.lhr.categories).map(([k, c]) => [k, Math.round((c.score ?? 0) * 100)])
	);
	for (const [k, v] of Object.entries(scores)) console.log(`${k.padEnd(16)} ${v}`);
	for (const audit of Object.values(result.lhr.audits)) {
		if (audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode === 'binary') {
			console.log(`  ✗ ${audit.id}: ${audit.title}`);
		}
	}
	console.log('report: .lighthouse/report.html');
	console.log(JSON.stringify({ url, ...scores }));
} finally {
	await chrome?.kill();
	server.kill('SIGKILL');
}
