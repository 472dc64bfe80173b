import {
	addRxPlugin,
	createRxDatabase,
	type RxCollection,
	type RxCollectionCreator,
	type RxDatabase,
	type RxStorage
} from 'rxdb';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { collections, type CollectionSpec } from '$domain/collections';
import { migrateRecord } from '$domain/records';
import { webCryptoEncryptedStorage, type SealedInstance } from './encryption';
import { carrySyncState, registerReplicas } from './replica';
import { toRxSchema } from './schema';
import { noMeter, timedStorage, type StageMeter } from './stages';
import { zodValidatedStorage } from './validate';

export type RecordDoc = Record<string, unknown> & { id: string };
export type RecordCollection = RxCollection<RecordDoc>;
export type AppDatabase = RxDatabase<Record<string, RecordCollection>>;
export type SpecMap = Readonly<Record<string, CollectionSpec>>;

export interface OpenDatabaseOptions {
	/** IndexedDB name prefix; one database per volunteer so logging out can remove exactly theirs. */
	name: string;
	/** Data-encryption password (unwrapped with the PIN); at least 8 characters. */
	password: string;
	/** Dexie in the browser, memory in Node tests. */
	storage: RxStorage<unknown, unknown>;
	/** Collections to open; the registry unless a test needs another set. */
	specs?: SpecMap;
	/** Multi-tab coordination; off in Node tests. */
	multiInstance?: boolean;
	/** Epoch milliseconds for the device's bookkeeping (outbox); tests pass a fake clock. */
	now?: () => number;
	/** Measures storage, crypto, validation and change events (benchmarks only). */
	meter?: StageMeter;
}

const specsByDb = new WeakMap<AppDatabase, SpecMap>();
const clocks = new WeakMap<AppDatabase, () => number>();

/** The clock a database was opened with. */
export function clockOf(db: AppDatabase): () => number {
	return clocks.get(db) ?? Date.now;
}

/** The collection specs a database was opened with. */
export function specOf(db: AppDatabase, collection: string): CollectionSpec {
	const specs = specsByDb.get(db);
	const spec = specs && Object.hasOwn(specs, collection) ? specs[collection] : undefined;
	if (!spec) throw new Error(`unknown collection ${collection}`);
	return spec;
}

let pluginsAdded: Promise<void> | undefined;

/** Plugins are process-wide in RxDB; dev-mode only outside production builds (it injects a remote iframe). */
function addPlugins(): Promise<void> {
	pluginsAdded ??= (async () => {
		addRxPlugin(RxDBMigrationSchemaPlugin);
		addRxPlugin(RxDBLocalDocumentsPlugin);
		addRxPlugin(RxDBLeaderElectionPlugin);
		if (import.meta.env.DEV || import.meta.env.MODE === 'test') {
			const { RxDBDevModePlugin, disableWarnings } = await import('rxdb/plugins/dev-mode');
			disableWarnings();
			addRxPlugin(RxDBDevModePlugin);
		}
	})();
	return pluginsAdded;
}

function migrationStrategies(spec: CollectionSpec) {
	const out: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};
	for (let v = 1; v <= spec.version; v++) {
		out[v] = (doc) => migrateRecord({ ...spec, version: v }, doc);
	}
	return out;
}

/**
 * Opens (creating on first use) the encrypted local database with one
 * collection per registry entry and migrates documents written by older app
 * versions before anything reads them. Replication (src/lib/sync) writes
 * through `replica.ts`; RxDB's conflict handlers are not used.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<AppDatabase> {
	await addPlugins();
	const specs = options.specs ?? (collections as unknown as SpecMap);
	const meter = options.meter ?? noMeter;
	const replicas = new Map<string, { instance: SealedInstance; spec: CollectionSpec }>();
	const storage = zodValidatedStorage(
		webCryptoEncryptedStorage(timedStorage(options.storage, meter), {
			meter,
			isRecordCollection: (name) => Object.hasOwn(specs, name),
			beforeAppWrite: carrySyncState,
			created(instance, version) {
				const spec = specs[instance.collectionName];
				// Migration also opens the stores of older versions; the replicator writes the current one.
				if (spec?.version === version) replicas.set(spec.name, { instance, spec });
			}
		}),
		specs,
		meter
	);
	const db = (await createRxDatabase({
		name: options.name,
		storage,
		password: options.password,
		multiInstance: options.multiInstance ?? true,
		localDocuments: true,
		closeDuplicates: true
	})) as AppDatabase;
	if (meter !== noMeter) timeEvents(db, meter);
	try {
		const creators: Record<string, RxCollectionCreator<RecordDoc>> = {};
		for (const spec of Object.values(specs)) {
			creators[spec.name] = {
				schema: toRxSchema(spec) as never,
				migrationStrategies: migrationStrategies(spec),
				autoMigrate: false
			};
		}
		await db.addCollections(creators);
		specsByDb.set(db, specs);
		registerReplicas(db, replicas, meter);
		if (options.now) clocks.set(db, options.now);
		for (const name of Object.keys(creators)) {
			const collection = db.collections[name];
			if (await collection.migrationNeeded()) await collection.startMigration(200);
		}
		return db;
	} catch (err) {
		await db.close();
		throw err;
	}
}

/** Change events reach collections, document caches and live queries synchronously in `$emit`. */
function timeEvents(db: AppDatabase, meter: StageMeter): void {
	const emit = db.$emit.bind(db);
	db.$emit = (bulk) => {
		const end = meter.begin('events');
		meter.count('events', bulk.events.length);
		try {
			emit(bulk);
		} finally {
			end();
		}
	};
}
