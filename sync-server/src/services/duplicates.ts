import { createHmac } from 'node:crypto';
import {
	canRead,
	collections,
	remoteDbName,
	type Actor,
	type ScopedDoc
} from '../../../src/lib/domain/index.ts';
import type { CouchDoc, DocDb, Seq, Storage } from '../storage/index.ts';

/** One resident in the actor's scope whose CCCD is also held by another resident of the commune. */
export interface CccdCollision {
	residentId: string;
	/** The other record: its id only when the actor may read it, its hamlet always. */
	otherId?: string;
	otherHamlet: string;
}

/**
 * What the index keeps of one resident (`_id` `<commune>:<residentId>`): a keyed digest of the
 * CCCD (never the number), the hamlet, and who gave the record this number and in which order.
 */
interface Stamp {
	digest: string;
	hamlet: string;
	/** Server receipt order of the number on this record: comparable strings, increasing. */
	order: string;
	/** `updatedBy` of the revision that brought the number, as the server received it. */
	by: string;
}

interface CommuneIndex {
	byId: Map<string, Stamp>;
	byDigest: Map<string, Set<string>>;
	bytes: number;
}

const PAGE = 500;
/** In-memory indexes are a cache of the stamps database, evicted past this many bytes. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
const stampId = (commune: string, id: string) => `${commune}:${id}`;
const checkpointId = (commune: string) => `checkpoint:${commune}`;

/**
 * CCCD → residents of each commune. A volunteer's device only holds their own hamlets, so this
 * is where a number entered in two hamlets meets; and it must not become an oracle of numbers
 * in hamlets the asker cannot read.
 *
 * "Before" is the order in which the server received each number: the index follows the
 * residents' changes feed (the storage's receipt order) right after every accepted write and
 * stamps a record when its number first appears. Client timestamps (`createdAt`, `updatedAt`)
 * are written by devices that may have been offline for days, or by an attacker, so they never
 * decide. Stamps are stored, so the order survives restarts and is shared by gateways.
 */
export class CccdIndex {
	private cache = new Map<string, CommuneIndex>();
	private running = new Map<string, { done: Promise<void>; again: boolean }>();
	private lastMs = 0;
	private sameMs = 0;

	constructor(
		private readonly storage: Storage,
		private readonly stamps: DocDb,
		private readonly secret: Uint8Array,
		private readonly log: (line: string) => void = () => {},
		private readonly now: () => number = Date.now
	) {}

	/**
	 * A residents write was accepted in `commune`: stamp it before the device hears back, so its
	 * order is its receipt. Never fails the write, which is stored already; the next question
	 * catches up.
	 */
	async touch(commune: string): Promise<void> {
		try {
			await this.catchUp(commune);
		} catch (err) {
			this.log(`cccd index ${commune}: ${err instanceof Error ? err.message : String(err)}`);
		}
	}

	/**
	 * The collisions the actor may learn of. Where the other record lies outside the actor's
	 * scope, only when the actor brought the number to their record before the other record got
	 * it: numbers guessed and written now never reveal records that were already there.
	 */
	async collisions(actor: Actor, commune: string): Promise<CccdCollision[]> {
		await this.catchUp(commune);
		const index = await this.loaded(commune);
		const spec = collections.residents;
		const visible = (s: Stamp) =>
			canRead(actor, { commune, hamlet: s.hamlet } satisfies ScopedDoc, spec);
		const out: CccdCollision[] = [];
		for (const ids of index.byDigest.values()) {
			if (ids.size < 2) continue;
			for (const id of ids) {
				const mine = index.byId.get(id)!;
				if (!visible(mine)) continue;
				for (const otherId of ids) {
					if (otherId === id) continue;
					const other = index.byId.get(otherId)!;
					if (visible(other)) out.push({ residentId: id, otherId, otherHamlet: other.hamlet });
					else if (mine.by === actor.username && mine.order < other.order)
						out.push({ residentId: id, otherHamlet: other.hamlet });
				}
			}
		}
		return out;
	}

	/** One catch-up per commune at a time; a touch during one runs another after it. */
	private catchUp(commune: string): Promise<void> {
		const current = this.running.get(commune);
		if (current) {
			current.again = true;
			return current.done;
		}
		const state = { again: false, done: Promise.resolve() };
		state.done = (async () => {
			try {
				do {
					state.again = false;
					await this.stampChanges(commune);
				} while (state.again);
			} finally {
				this.running.delete(commune);
			}
		})();
		this.running.set(commune, state);
		return state.done;
	}

	/** Reads the residents' changes since the stored checkpoint and updates the stamps. */
	private async stampChanges(commune: string): Promise<void> {
		const residents = this.storage.db(remoteDbName(commune, 'residents'));
		for (;;) {
			const checkpoint = await this.stamps.getOrNull(checkpointId(commune));
			const since = (checkpoint?.since as Seq | undefined) ?? 0;
			const page = await residents.changes({ since, limit: PAGE });
			if (page.results.length > 0) await this.apply(commune, page.results.map(changed));
			try {
				await this.stamps.put({
					_id: checkpointId(commune),
					...(checkpoint?._rev ? { _rev: checkpoint._rev } : {}),
					since: page.last_seq
				});
			} catch (err) {
				// Another gateway moved the checkpoint: read it again; stamping is idempotent.
				if ((err as { status?: number }).status !== 409) throw err;
				continue;
			}
			if (page.results.length < PAGE) return;
		}
	}

	private async apply(commune: string, rows: { id: string; doc: CouchDoc | null }[]) {
		const ids = rows.map((r) => stampId(commune, r.id));
		const stored = new Map(
			(await this.stamps.allDocs({ keys: ids })).rows.flatMap((r) =>
				r.doc ? [[r.key, r.doc] as const] : []
			)
		);
		const writes: CouchDoc[] = [];
		for (const { id, doc } of rows) {
			const _id = stampId(commune, id);
			const prev = stored.get(_id);
			const rev = prev?._rev ? { _rev: prev._rev } : {};
			const number = doc && !doc._deleted ? doc.idNumber : undefined;
			if (typeof number !== 'string' || number === '' || typeof doc?.hamlet !== 'string') {
				if (prev) writes.push({ _id, ...rev, _deleted: true });
				continue;
			}
			const digest = this.digest(number);
			const same = prev && prev.digest === digest;
			if (same && prev.hamlet === doc.hamlet) continue;
			const stamp: Stamp = same
				? { digest, hamlet: doc.hamlet, order: String(prev.order), by: String(prev.by) }
				: { digest, hamlet: doc.hamlet, order: this.nextOrder(), by: String(doc.updatedBy) };
			writes.push({ _id, ...rev, ...stamp });
		}
		if (writes.length === 0) return;
		const results = await this.stamps.bulkDocs(writes, true);
		const conflicted = results.filter((r) => 'error' in r && r.error === 'conflict');
		if (conflicted.length > 0) {
			// Another gateway stamped these first: its order stands; read them back.
			this.cache.delete(commune);
			return;
		}
		const index = this.cache.get(commune);
		if (index) for (const w of writes) this.put(index, w._id.slice(commune.length + 1), w);
	}

	/** The commune's index, from the cache or rebuilt from the stamps; least recently used goes first. */
	private async loaded(commune: string): Promise<CommuneIndex> {
		let index = this.cache.get(commune);
		if (index) {
			this.cache.delete(commune);
			this.cache.set(commune, index);
			return index;
		}
		index = { byId: new Map(), byDigest: new Map(), bytes: 0 };
		const prefix = `${commune}:`;
		let startkey = prefix;
		for (;;) {
			const res = await this.stamps.allDocs({ startkey, endkey: prefix + '\uffff', limit: PAGE });
			const rows = startkey === prefix ? res.rows : res.rows.slice(1);
			for (const r of rows) if (r.doc) this.put(index, r.key.slice(prefix.length), r.doc);
			if (res.rows.length < PAGE) break;
			startkey = res.rows.at(-1)!.key;
		}
		this.cache.set(commune, index);
		let total = 0;
		for (const other of this.cache.values()) total += other.bytes;
		for (const [code, other] of this.cache) {
			if (total <= MAX_CACHE_BYTES || code === commune) break;
			this.cache.delete(code);
			total -= other.bytes;
		}
		return index;
	}

	/** Applies one stored stamp (or its deletion) to an in-memory index. */
	private put(index: CommuneIndex, id: string, doc: CouchDoc) {
		const old = index.byId.get(id);
		if (old) {
			index.byId.delete(id);
			index.bytes -= stampBytes(id, old);
			const ids = index.byDigest.get(old.digest);
			ids?.delete(id);
			if (ids?.size === 0) index.byDigest.delete(old.digest);
		}
		if (doc._deleted) return;
		const stamp: Stamp = {
			digest: String(doc.digest),
			hamlet: String(doc.hamlet),
			order: String(doc.order),
			by: String(doc.by)
		};
		index.byId.set(id, stamp);
		index.bytes += stampBytes(id, stamp);
		let ids = index.byDigest.get(stamp.digest);
		if (!ids) index.byDigest.set(stamp.digest, (ids = new Set()));
		ids.add(id);
	}

	/** Keyed, so the stamps alone do not let anyone test guessed numbers. */
	private digest(number: string): string {
		return createHmac('sha256', this.secret).update(number).digest('hex').slice(0, 32);
	}

	/** Milliseconds, then a counter within the same millisecond: never repeats, never goes back. */
	private nextOrder(): string {
		const t = Math.max(this.now(), this.lastMs);
		this.sameMs = t === this.lastMs ? this.sameMs + 1 : 0;
		this.lastMs = t;
		return `${String(t).padStart(15, '0')}.${String(this.sameMs).padStart(6, '0')}`;
	}
}

/** Rough heap size of one stamp in the maps (UTF-16 strings plus map and object overhead). */
const stampBytes = (id: string, s: Stamp) =>
	2 * (id.length * 2 + s.digest.length + s.hamlet.length + s.order.length + s.by.length) + 160;

function changed(row: { id: string; deleted?: boolean; doc?: CouchDoc }) {
	return { id: row.id, doc: row.deleted ? null : (row.doc ?? null) };
}
