// Starts the app for end-to-end tests: a fresh data directory, the built PWA, demo data.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuild } from './lib/build.mjs';

const port = process.argv[2] ?? '8181';
ensureBuild();
const dataDir = mkdtempSync(join(tmpdir(), 'tramso-e2e-'));
const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], {
	stdio: 'inherit',
	env: {
		...process.env,
		PORT: port,
		DATA_DIR: dataDir,
		DEMO: process.env.DEMO ?? '1',
		// The run signs the same demo volunteer in dozens of times within minutes; the limit
		// itself is tested in tests/integration/server/session.test.ts.
		LOGIN_BURST: '1000',
		// Each completed sync asks for duplicate CCCDs; the dossier run syncs one volunteer often.
		LOOKUP_BURST: '1000'
	}
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
