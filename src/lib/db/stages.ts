import type { RxStorage, RxStorageInstanceCreationParams } from 'rxdb';

/** Where sync time goes, for `npm run bench:sync`; production passes no meter. */
export const STAGES = ['server', 'network', 'crypto', 'validate', 'storage', 'events'] as const;
export type Stage = (typeof STAGES)[number];

export interface StageMeter {
	/** Marks the start of one operation of `stage`; call the result when it ends. */
	begin(stage: Stage): () => void;
	/** Adds to a named counter (documents encrypted, written, …). */
	count(name: string, n: number): void;
}

const done = () => undefined;
export const noMeter: StageMeter = { begin: () => done, count: done };

/**
 * Per stage, the wall time during which at least one of its operations ran: operations of one
 * stage overlap (parallel crypto, pipelined pages), and stages overlap each other.
 */
export class StageTimes implements StageMeter {
	readonly busy = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
	readonly counts: Record<string, number> = {};
	readonly #open = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
	readonly #since = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;

	begin(stage: Stage): () => void {
		if (this.#open[stage]++ === 0) this.#since[stage] = performance.now();
		let ended = false;
		return () => {
			if (ended) return;
			ended = true;
			if (--this.#open[stage] === 0) this.busy[stage] += performance.now() - this.#since[stage];
		};
	}

	count(name: string, n: number): void {
		this.counts[name] = (this.counts[name] ?? 0) + n;
	}
}

/** Runs `work` as one operation of `stage`. */
export async function timed<T>(
	meter: StageMeter,
	stage: Stage,
	work: () => Promise<T>
): Promise<T> {
	const end = meter.begin(stage);
	try {
		return await work();
	} finally {
		end();
	}
}

/** Storage calls as one stage; documents written are counted per kind (records or RxDB's own). */
export function timedStorage<I, O>(storage: RxStorage<I, O>, meter: StageMeter): RxStorage<I, O> {
	if (meter === noMeter) return storage;
	return {
		...storage,
		name: storage.name,
		async createStorageInstance<D>(params: RxStorageInstanceCreationParams<D, O>) {
			const instance = await storage.createStorageInstance(params);
			const kind = params.collectionName.startsWith('rx') ? 'meta' : 'records';
			const { bulkWrite, findDocumentsById, query, count } = instance;
			instance.bulkWrite = (rows, context) => {
				meter.count(`write:${kind}`, rows.length);
				return timed(meter, 'storage', () => bulkWrite.call(instance, rows, context));
			};
			instance.findDocumentsById = (ids, deleted) =>
				timed(meter, 'storage', () => findDocumentsById.call(instance, ids, deleted));
			instance.query = (q) => timed(meter, 'storage', () => query.call(instance, q));
			instance.count = (q) => timed(meter, 'storage', () => count.call(instance, q));
			return instance;
		}
	};
}
