import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { SessionResponse } from '../../../src/lib/domain/index.ts';
import { openDatabase, type AppDatabase } from '$lib/db';
import { SyncEngine } from '$lib/sync/engine';
import { silentSink } from '../../support/sink';
import type { ServiceContext } from '$lib/services/context';
import { login } from '../helpers/server';

export interface TestDevice {
	db: AppDatabase;
	engine: SyncEngine;
	session: SessionResponse;
	sink: ReturnType<typeof silentSink>;
	/** Stops sync and closes the database (RxDB's free tier caps open collections per process). */
	close(): Promise<void>;
}

let seq = 0;

/** A phone in Node: the app's database (in memory) and sync engine against a real server. */
export async function openTestDevice(
	serverUrl: string,
	session: SessionResponse,
	opts: {
		token?: () => string | null;
		onTokenExpired?: () => void;
		start?: boolean;
		maxBackoffMs?: number;
	} = {}
): Promise<TestDevice> {
	const db = await openDatabase({
		name: `dev${Date.now()}x${seq++}`,
		password: 'device-test-password',
		storage: getRxStorageMemory(),
		multiInstance: false
	});
	const sink = silentSink();
	const engine = new SyncEngine({
		db,
		user: session.user,
		databases: session.databases,
		baseUrl: serverUrl,
		token: opts.token ?? (() => session.token),
		onTokenExpired: opts.onTokenExpired ?? (() => undefined),
		sink,
		waitForLeadership: false,
		backoffMs: 200,
		maxBackoffMs: opts.maxBackoffMs
	});
	if (opts.start !== false) await engine.start();
	return {
		db,
		engine,
		session,
		sink,
		// Idempotent, so a test may close a phone early to make room for another.
		close: (() => {
			let closing: Promise<void> | undefined;
			return () =>
				(closing ??= (async () => {
					await engine.stop();
					await db.close();
				})());
		})()
	};
}

/** The phones of one test file, each with a service context; `closeAll` runs after each test. */
export function testPhones(serverUrl: () => string) {
	const open: TestDevice[] = [];
	return {
		async phone(username: string): Promise<TestDevice & { ctx: ServiceContext }> {
			const d = await openTestDevice(serverUrl(), await login(serverUrl(), username));
			open.push(d);
			return { ...d, ctx: { db: d.db, user: d.session.user, now: () => new Date() } };
		},
		async closeAll(): Promise<void> {
			for (const d of open.splice(0).reverse()) await d.close();
		}
	};
}
