import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SessionResponse } from '../../../src/lib/domain/index.ts';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const MAIN = join(ROOT, 'sync-server/src/main.ts');

export interface TestServerOptions {
	/** Seed the demo communes and accounts (default true). */
	demo?: boolean;
	/** Also seed the demo records (default false, so tests count exactly what they write). */
	demoRecords?: boolean;
	/** Reuse a data directory; default: a fresh temporary one, removed by `stop()`. */
	dataDir?: string;
	couchdbUrl?: string;
	staticDir?: string;
	env?: Record<string, string>;
	/** Extra node flags for the server process, e.g. `['--cpu-prof']`. */
	execArgv?: string[];
}

export interface TestServer {
	url: string;
	port: number;
	dataDir: string;
	pid: number;
	/** kill -9: no shutdown code runs. */
	kill(): Promise<void>;
	/** Starts the server again on the same port and data directory (after `kill` or `stop`). */
	restart(): Promise<void>;
	/** Graceful stop; removes a temporary data directory unless `keepData`. */
	stop(opts?: { keepData?: boolean }): Promise<void>;
	/** Everything the server printed, for failure messages. */
	output(): string;
}

/** Starts the real server (`sync-server/src/main.ts`) as a child process on a free port. */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
	const ownDir = !opts.dataDir;
	const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'tramso-server-'));
	let child: ChildProcess | undefined;
	let port = 0;
	let log = '';

	async function launch() {
		const env: NodeJS.ProcessEnv = {
			...process.env,
			PORT: String(port),
			DATA_DIR: dataDir,
			DEMO: opts.demo === false ? '0' : '1',
			DEMO_RECORDS: opts.demoRecords ? '1' : '0',
			STATIC_DIR: opts.staticDir ?? join(dataDir, 'no-build'),
			...opts.env
		};
		if (opts.couchdbUrl) env.COUCHDB_URL = opts.couchdbUrl;
		else delete env.COUCHDB_URL;
		const proc = spawn(process.execPath, [...(opts.execArgv ?? []), '--import', 'tsx', MAIN], {
			cwd: ROOT,
			env,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		child = proc;
		const from = log.length;
		const url = await new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30_000);
			const onData = (chunk: Buffer) => {
				log += chunk.toString();
				const m = /Trạm Số: (http:\/\/\S+)/.exec(log.slice(from));
				if (m) {
					clearTimeout(timer);
					resolve(m[1]);
				}
			};
			proc.stdout!.on('data', onData);
			proc.stderr!.on('data', (c: Buffer) => (log += c.toString()));
			proc.once('exit', (code) => {
				clearTimeout(timer);
				reject(new Error(`server exited with ${code}:\n${log}`));
			});
		});
		port = Number(new URL(url).port);
		server.url = `http://127.0.0.1:${port}`;
		server.port = port;
		server.pid = proc.pid!;
	}

	async function waitExit(signal: NodeJS.Signals) {
		const proc = child;
		if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
		await new Promise<void>((resolve) => {
			proc.once('exit', () => resolve());
			proc.kill(signal);
		});
	}

	const server: TestServer = {
		url: '',
		port: 0,
		pid: 0,
		dataDir,
		kill: () => waitExit('SIGKILL'),
		restart: launch,
		async stop({ keepData = false } = {}) {
			await waitExit('SIGTERM');
			if (ownDir && !keepData) rmSync(dataDir, { recursive: true, force: true });
		},
		output: () => log
	};
	await launch();
	return server;
}

export const DEMO_PASSWORD = 'tramso-demo';
export const ADMIN = { username: 'admin', password: 'tramso-admin' };

export async function login(
	url: string,
	username: string,
	password = DEMO_PASSWORD
): Promise<SessionResponse> {
	const res = await fetch(`${url}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password })
	});
	if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
	return (await res.json()) as SessionResponse;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
export const basic = (username: string, password: string) => ({
	authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
});

/** JSON request against the server; returns status and parsed body (or text when not JSON). */
export async function call(
	url: string,
	path: string,
	init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}
	// Tests index freely into whatever JSON the server answered.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; body: any; headers: Headers }> {
	const res = await fetch(url + path, {
		method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
		headers: { 'content-type': 'application/json', ...init.headers },
		body: init.body === undefined ? undefined : JSON.stringify(init.body)
	});
	const text = await res.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	return { status: res.status, body, headers: res.headers };
}

/** `npm run admin -- …` on a data directory (no server may hold it). */
export function adminCli(
	dataDir: string,
	...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			['--import', 'tsx', join(ROOT, 'sync-server/src/cli/admin.ts'), ...args],
			{ cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, COUCHDB_URL: '' } },
			(err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr })
		);
	});
}
