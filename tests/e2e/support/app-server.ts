import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface AppServer {
	url: string;
	dataDir: string;
	/** SIGKILLs the server process and waits for it to exit. */
	kill(): Promise<void>;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
		});
	});
}

/** Starts the real server (built PWA + sync API) as its own process, so a test can kill it. */
export async function startAppServer(
	opts: { dataDir?: string; env?: Record<string, string> } = {}
): Promise<AppServer> {
	const port = await freePort();
	const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'tramso-e2e-own-'));
	const child: ChildProcess = spawn(
		process.execPath,
		['--import', 'tsx', 'sync-server/src/main.ts'],
		{
			stdio: 'ignore',
			env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DEMO: '1', ...opts.env }
		}
	);
	const url = `http://localhost:${port}`;
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
		const ok = await fetch(`${url}/api/health`).then(
			(r) => r.ok,
			() => false
		);
		if (ok) break;
		if (Date.now() > deadline) throw new Error('server did not start in 30 s');
		await new Promise((r) => setTimeout(r, 200));
	}
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	return {
		url,
		dataDir,
		async kill() {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
			await exited;
		}
	};
}
