// A page that runs the app's real data layer and sync engine in Chromium, for the benchmark and
// the two-device tests: window.harness drives it through page.evaluate.
import PouchDB from 'pouchdb-browser';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import {
	openDatabase,
	readQuarantine,
	saveRecords,
	StageTimes,
	updateRecord,
	type AppDatabase,
	type RecordDoc
} from '$lib/db';
import { SyncEngine } from '$lib/sync/engine';
import { exportHandover } from '$lib/sync/handover';
import { registerHandoverKey } from '$lib/device/api';
import { importSigningKey, newDeviceSigningKey } from '$domain/handover';
import { keepPhoto } from '$lib/db';
import { silentSink } from '../support/sink';

interface Session {
	token: string;
	user: {
		username: string;
		role: 'volunteer' | 'official' | 'admin';
		commune: string | null;
		hamlets: string[];
		displayName: string;
	};
	databases: Record<string, string>;
}

interface Device {
	db: AppDatabase;
	engine: SyncEngine;
	session: Session;
	stages: StageTimes;
}

const devices = new Map<string, Device>();
const watched = new Map<string, number>();
const watchers: (() => void)[] = [];
const noop = () => undefined;
const sink = silentSink();

async function login(username: string, password: string): Promise<Session> {
	const res = await fetch('/api/session', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password })
	});
	if (!res.ok) throw new Error(`login ${res.status}`);
	return (await res.json()) as Session;
}

const signers = new Map<string, { key: CryptoKey; serverKey: string; deviceId: string }>();
const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

const harness = {
	async open(
		name: string,
		username: string,
		password: string,
		opts: { start?: boolean; pushBatchSize?: number } = {}
	) {
		const session = await login(username, password);
		const stages = new StageTimes();
		const db = await openDatabase({
			name,
			password: 'harness-device-key',
			// The app's own configuration (multi-tab on), so the benchmark measures what phones run.
			storage: getRxStorageDexie(),
			meter: stages
		});
		const engine = new SyncEngine({
			db,
			user: session.user,
			databases: session.databases,
			baseUrl: location.origin,
			token: () => session.token,
			onTokenExpired: noop,
			sink,
			waitForLeadership: false,
			meter: stages,
			pushBatchSize: opts.pushBatchSize
		});
		devices.set(name, { db, engine, session, stages });
		if (opts.start !== false) await engine.start();
	},
	/** Registers a handover signing key for the device while online (as the app does after a sync). */
	async handoverKey(name: string) {
		const { session } = devices.get(name)!;
		const pair = await newDeviceSigningKey();
		const deviceId = `harness-${name}`;
		const serverKey = await registerHandoverKey(fetch, location.origin, session.token, {
			deviceId,
			publicKey: pair.publicSpki
		});
		if (!serverKey) throw new Error('handover key refused');
		signers.set(name, { key: await importSigningKey(pair.privatePkcs8), serverKey, deviceId });
	},
	/** The handover file of everything unsent, as the app's export makes it. */
	async exportHandover(name: string) {
		const { db, session } = devices.get(name)!;
		const file = await exportHandover(db, {
			author: session.user.username,
			commune: session.user.commune!,
			signer: signers.get(name)!,
			now: new Date().toISOString()
		});
		return { text: file.text, records: file.records, photos: file.photos };
	},
	async keepPhoto(name: string, hash: string, jpegBase64: string) {
		const jpeg = new Blob([fromBase64(jpegBase64)], { type: 'image/jpeg' });
		await keepPhoto(devices.get(name)!.db, { hash, jpeg, thumbnail: jpeg });
	},
	async start(name: string) {
		await devices.get(name)!.engine.start();
	},
	async save(name: string, collection: string, docs: RecordDoc[]) {
		await saveRecords(devices.get(name)!.db, collection, docs);
	},
	async update(name: string, collection: string, id: string, patch: Record<string, unknown>) {
		await updateRecord(devices.get(name)!.db, collection, id, (r) => ({ ...r, ...patch }));
	},
	async setOnline(name: string, online: boolean) {
		await devices.get(name)!.engine.setOnline(online);
	},
	async syncNow(name: string) {
		return devices.get(name)!.engine.syncNow(300_000);
	},
	async get(name: string, collection: string, id: string) {
		return (
			(await devices.get(name)!.db.collections[collection].findOne(id).exec())?.toMutableJSON() ??
			null
		);
	},
	async count(name: string, collection: string) {
		return devices.get(name)!.db.collections[collection].count().exec();
	},
	async ids(name: string, collection: string) {
		const docs = await devices.get(name)!.db.collections[collection].find().exec();
		return docs.map((d) => d.primary);
	},
	/** Every document of a collection as the device holds it (decrypted). */
	async docs(name: string, collection: string) {
		const docs = await devices.get(name)!.db.collections[collection].find().exec();
		return docs.map((d) => d.toMutableJSON());
	},
	async quarantine(name: string) {
		return readQuarantine(devices.get(name)!.db);
	},
	/** Records matching `selector`, by RxDB query (an indexed field uses the index). */
	async find(name: string, collection: string, selector: Record<string, unknown>) {
		const docs = await devices.get(name)!.db.collections[collection].find({ selector }).exec();
		return docs.map((d) => d.primary).sort();
	},
	/** Starts a live query of the collection's size; `watched` reads its latest answer. */
	async watch(name: string, collection: string) {
		const sub = devices
			.get(name)!
			.db.collections[collection].count()
			.$.subscribe((n) => (watched.set(`${name}/${collection}`, n), undefined));
		watchers.push(() => sub.unsubscribe());
	},
	async watched(name: string, collection: string) {
		return watched.get(`${name}/${collection}`) ?? null;
	},
	/** The records as RxDB's Dexie storage holds them in IndexedDB, sealed. */
	async stored(name: string, collection: string, version: number) {
		const idb = await new Promise<IDBDatabase>((resolve, reject) => {
			const req = indexedDB.open(`rxdb-dexie-${name}--${version}--${collection}`);
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
		const rows = await new Promise<unknown[]>((resolve, reject) => {
			const req = idb.transaction('docs').objectStore('docs').getAll();
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
		idb.close();
		return rows;
	},
	async close(name: string) {
		const d = devices.get(name);
		devices.delete(name);
		await d?.engine.stop();
		await d?.db.close();
	},

	/** RxDB first pull of everything the user may read; ms until all collections are in sync. */
	async rxdbPull(name: string, username: string, password: string) {
		await harness.open(name, username, password, { start: false });
		const t0 = performance.now();
		const ok = await harness.syncNow(name);
		const ms = performance.now() - t0;
		const stages = snapshot(devices.get(name)!.stages);
		return { ms, ok, residents: await harness.count(name, 'residents'), stages };
	},
	/** RxDB upload of `docs` written locally first (not timed); ms until the server has them all. */
	async rxdbPush(name: string, username: string, password: string, docs: RecordDoc[]) {
		await harness.open(name, username, password, { start: false });
		await harness.save(name, 'residents', docs);
		const stages = devices.get(name)!.stages;
		const before = snapshot(stages);
		const t0 = performance.now();
		const ok = await harness.syncNow(name);
		const ms = performance.now() - t0;
		return {
			ms,
			ok,
			unsynced: (await devices.get(name)!.engine.unsynced()).length,
			stages: since(snapshot(stages), before)
		};
	},
	async pouchPull(name: string, username: string, password: string) {
		const session = await login(username, password);
		const local = new PouchDB(name);
		const remote = remoteDb(session, 'residents');
		const t0 = performance.now();
		const res = await PouchDB.replicate(remote, local, { batch_size: 500, batches_limit: 5 });
		const ms = performance.now() - t0;
		return { ms, ok: res.ok, docs: (await local.info()).doc_count };
	},
	async pouchPush(name: string, username: string, password: string, docs: RecordDoc[]) {
		const session = await login(username, password);
		const local = new PouchDB(name);
		await local.bulkDocs(docs.map(({ id, ...rest }) => ({ ...rest, id, _id: id })));
		const remote = remoteDb(session, 'residents');
		const t0 = performance.now();
		const res = await PouchDB.replicate(local, remote, { batch_size: 500, batches_limit: 5 });
		return {
			ms: performance.now() - t0,
			ok: res.ok,
			written: res.docs_written,
			failures: res.doc_write_failures
		};
	}
};

type Snapshot = { busy: Record<string, number>; counts: Record<string, number> };
const snapshot = (s: StageTimes): Snapshot => ({ busy: { ...s.busy }, counts: { ...s.counts } });
const minus = (a: Record<string, number>, b: Record<string, number>) =>
	Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v - (b[k] ?? 0)]));
const since = (a: Snapshot, b: Snapshot): Snapshot => ({
	busy: minus(a.busy, b.busy),
	counts: minus(a.counts, b.counts)
});

function remoteDb(session: Session, collection: string) {
	return new PouchDB(new URL(session.databases[collection], location.origin).href, {
		skip_setup: true,
		fetch: (url: string | Request, opts?: RequestInit) => {
			const headers = new Headers(opts?.headers);
			headers.set('authorization', `Bearer ${session.token}`);
			return PouchDB.fetch(url, { ...opts, headers });
		}
	} as PouchDB.Configuration.RemoteDatabaseConfiguration);
}

(window as unknown as { harness: typeof harness }).harness = harness;
document.title = 'harness-ready';
