import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp } from './app.ts';
import { Directory } from './directory/directory.ts';
import { SafetyNet } from './safety-net.ts';
import { seedDemo } from './seed/demo.ts';
import { Admin } from './services/admin.ts';
import { Audit } from './services/audit.ts';
import { Auth } from './services/auth.ts';
import { CccdIndex } from './services/duplicates.ts';
import { Handover, loadServerKey } from './services/handover.ts';
import { HamletMerges } from './services/hamlet-merge.ts';
import { Moves } from './services/moves.ts';
import { RefusalLog } from './services/refusals.ts';
import { DataRights } from './services/rights.ts';
import { Photos } from './services/photos.ts';
import { ReadBudget, defaultReadBudget, type ReadBudgetOptions } from './services/read-budget.ts';
import { hashPassword } from './services/passwords.ts';
import { Sessions, derivedKey } from './services/sessions.ts';
import { RateLimit, Throttle, defaultThrottle, type ThrottleOptions } from './services/throttle.ts';
import { ensureGeneratedPacks } from './maps/demo-pack.ts';
import { openStorage } from './storage/index.ts';
import { openMapStore } from './storage/maps.ts';
import { DossierChecks } from './procedures/dossiers.ts';
import { CalendarStore } from './procedures/calendar.ts';
import { ProcedureStore } from './procedures/store.ts';

export interface ServerOptions {
	port: number;
	dataDir: string;
	couchdbUrl?: string;
	/** Seed the demo communes, users and records when the directory is empty. */
	demo: boolean;
	/** With `demo`, also seed demo records and map packs (default true; tests turn it off for exact counts). */
	demoRecords?: boolean;
	staticDir?: string;
	log?: (line: string) => void;
	host?: string;
	throttle?: Partial<ThrottleOptions>;
	/** Longest wait of a longpoll `_changes`, default 60 s. */
	maxLongpollMs?: number;
	/** Reverse proxies whose X-Forwarded-For/-Proto are believed (`TRUST_PROXY`); default none. */
	trustProxy?: boolean | number | string[];
	/** Duplicate-CCCD lookups per user: a burst, then one per interval. */
	duplicateLookups?: { burst?: number; intervalMs?: number };
	/** Rows of large reads in flight, per user and in total. */
	readBudget?: Partial<ReadBudgetOptions>;
}

export interface RunningServer {
	url: string;
	port: number;
	close(): Promise<void>;
}

export const SESSION_TTL_MS = 14 * 24 * 3600_000;
/** Duplicate-CCCD lookups per user: devices ask after each sync; 20 at once, then one per 15 s. */
const DUPLICATE_LOOKUPS = { burst: 20, intervalMs: 15_000 };
const PURGE_EVERY_MS = 6 * 3600_000;
const LOCK_FILE = 'server.json';

function version(): string {
	const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
	return String(pkg.version);
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
	const log = opts.log ?? (() => {});
	const now = () => new Date();
	const holder = opts.couchdbUrl ? null : runningServer(opts.dataDir);
	if (holder && holder.pid !== process.pid) {
		throw new Error(
			`DATA_DIR ${opts.dataDir} is in use by the server with pid ${holder.pid} (${holder.url})`
		);
	}
	const storage = await openStorage({ dataDir: opts.dataDir, couchdbUrl: opts.couchdbUrl, log });
	const directory = await Directory.open(storage, now);
	if (opts.demo && (await directory.isEmpty())) {
		await seedDemo(directory, storage, now, { records: opts.demoRecords ?? true, warn: log });
		log('demo data seeded');
	}
	await directory.ensureAllDatabases();
	const maps = openMapStore({ dataDir: opts.dataDir, couchdbUrl: opts.couchdbUrl });
	if (opts.demo && (opts.demoRecords ?? true)) await ensureGeneratedPacks(maps, directory, log);
	const [sessionsDb, auditDb, movesDb, stampsDb, handoverDb, rightsDb, refusalsDb] =
		await Promise.all([
			storage.internalDb('tramso_sessions'),
			storage.internalDb('tramso_audit'),
			storage.internalDb('tramso_moves'),
			storage.internalDb('tramso_cccd'),
			storage.internalDb('tramso_handover'),
			storage.internalDb('tramso_rights'),
			storage.internalDb('tramso_refusals')
		]);
	const sessions = new Sessions(sessionsDb, now, SESSION_TTL_MS);
	const purge = () =>
		sessions.purgeExpired().then(
			(n) => n && log(`removed ${n} expired sessions`),
			(err: unknown) => log(`session purge failed: ${String(err)}`)
		);
	await purge();
	const purgeTimer = setInterval(() => void purge(), PURGE_EVERY_MS).unref();
	const auth = new Auth(
		directory,
		sessions,
		new Throttle({ ...defaultThrottle, ...opts.throttle }),
		await hashPassword(randomUUID())
	);
	const safetyNet = new SafetyNet(log);
	safetyNet.install();
	const secret = await directory.deviceKeySecret();
	const cccdIndex = new CccdIndex(storage, stampsDb, derivedKey(secret, 'cccd-digest'), log);
	// The duplicate index stamps residents in the order the server accepted them.
	const audit = new Audit(auditDb, now, async (batch) => {
		if (batch.collection === 'residents') await cccdIndex.touch(batch.commune);
	});
	const dossierChecks = await DossierChecks.open(await ProcedureStore.open(storage), now);
	const calendar = await CalendarStore.open(storage);
	const moves = new Moves(movesDb);
	const merges = new HamletMerges(storage, directory, audit, moves, now);
	const refusals = new RefusalLog(refusalsDb);
	const reads = new ReadBudget({ ...defaultReadBudget, ...opts.readBudget });
	const recordChecks = { dossiers: (doc: Record<string, unknown>) => dossierChecks.check(doc) };
	const handover = new Handover(handoverDb, await loadServerKey(opts.dataDir), {
		storage,
		directory,
		audit,
		moves,
		reads,
		photos: new Photos(storage, audit, now),
		now,
		recordChecks,
		merges,
		refusals
	});
	const app = createApp({
		safetyNet,
		auth,
		sessions,
		directory,
		storage,
		cccdIndex,
		lookups: new RateLimit({ ...DUPLICATE_LOOKUPS, ...opts.duplicateLookups, maxEntries: 50_000 }),
		audit,
		admin: new Admin(directory, sessions, audit),
		maps,
		calendar,
		moves,
		reads,
		handover,
		rights: new DataRights(storage, audit, rightsDb, now),
		now,
		log,
		version: version(),
		idleLockMinutes: 15,
		serverId: await directory.serverId(),
		maxLongpollMs: opts.maxLongpollMs ?? 60_000,
		recordChecks,
		merges,
		refusals,
		staticDir: opts.staticDir,
		trustProxy: opts.trustProxy
	});
	const server = app.listen(opts.port, opts.host ?? '0.0.0.0');
	await new Promise<void>((resolve, reject) => {
		server.once('listening', resolve);
		server.once('error', reject);
	});
	server.keepAliveTimeout = 65_000;
	server.requestTimeout = 0;
	const port = (server.address() as AddressInfo).port;
	const url = `http://${opts.host && opts.host !== '0.0.0.0' ? opts.host : 'localhost'}:${port}`;
	const lockFile = opts.couchdbUrl ? undefined : join(opts.dataDir, LOCK_FILE);
	if (lockFile) writeFileSync(lockFile, JSON.stringify({ pid: process.pid, url }));
	log(`Trạm Số sync server on ${url} (${storage.mode} storage)`);
	return {
		url,
		port,
		async close() {
			clearInterval(purgeTimer);
			safetyNet.uninstall();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
			await storage.close();
			if (lockFile) rmSync(lockFile, { force: true });
		}
	};
}

/** The running server holding `dataDir`, if any (its LevelDB files are locked while it runs). */
export function runningServer(dataDir: string): { pid: number; url: string } | null {
	try {
		const info = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as {
			pid: number;
			url: string;
		};
		process.kill(info.pid, 0);
		return info;
	} catch {
		return null;
	}
}
