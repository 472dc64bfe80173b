import {
	canRead,
	collections,
	remoteDbName,
	type Actor,
	type ScopedDoc
} from '../../../src/lib/domain/index.ts';
import type { Seq, Storage } from '../storage/index.ts';

interface Entry {
	idNumber: string;
	hamlet: string;
}

interface CommuneIndex {
	since: Seq;
	byId: Map<string, Entry>;
	byNumber: Map<string, Set<string>>;
}

/** One resident in the actor's scope whose CCCD is also held by another resident of the commune. */
export interface CccdCollision {
	residentId: string;
	/** The other record: its id only when the actor may read it, its hamlet always. */
	otherId?: string;
	otherHamlet: string;
}

const PAGE = 1000;

/**
 * CCCD → residents of each commune, caught up from the residents database's changes feed on
 * every question. A volunteer's device only holds their own hamlets, so this is where a number
 * entered in two hamlets meets.
 */
export class CccdIndex {
	private communes = new Map<string, { index: CommuneIndex; catchingUp: Promise<void> | null }>();

	constructor(private readonly storage: Storage) {}

	async collisions(actor: Actor, commune: string): Promise<CccdCollision[]> {
		const index = await this.current(commune);
		const spec = collections.residents;
		const visible = (e: Entry) =>
			canRead(actor, { commune, hamlet: e.hamlet } satisfies ScopedDoc, spec);
		const out: CccdCollision[] = [];
		for (const ids of index.byNumber.values()) {
			if (ids.size < 2) continue;
			for (const id of ids) {
				const entry = index.byId.get(id)!;
				if (!visible(entry)) continue;
				for (const otherId of ids) {
					if (otherId === id) continue;
					const other = index.byId.get(otherId)!;
					out.push({
						residentId: id,
						...(visible(other) ? { otherId } : {}),
						otherHamlet: other.hamlet
					});
				}
			}
		}
		return out;
	}

	private async current(commune: string): Promise<CommuneIndex> {
		let state = this.communes.get(commune);
		if (!state) {
			state = { index: { since: 0, byId: new Map(), byNumber: new Map() }, catchingUp: null };
			this.communes.set(commune, state);
		}
		const s = state;
		s.catchingUp ??= this.catchUp(commune, s.index).finally(() => (s.catchingUp = null));
		await s.catchingUp;
		return s.index;
	}

	private async catchUp(commune: string, index: CommuneIndex): Promise<void> {
		const db = this.storage.db(remoteDbName(commune, 'residents'));
		for (;;) {
			const page = await db.changes({ since: index.since, limit: PAGE });
			for (const row of page.results) {
				forget(index, row.id);
				const doc = row.doc;
				if (row.deleted || !doc || doc._deleted) continue;
				if (typeof doc.idNumber !== 'string' || typeof doc.hamlet !== 'string') continue;
				index.byId.set(row.id, { idNumber: doc.idNumber, hamlet: doc.hamlet });
				let ids = index.byNumber.get(doc.idNumber);
				if (!ids) index.byNumber.set(doc.idNumber, (ids = new Set()));
				ids.add(row.id);
			}
			index.since = page.last_seq;
			if (page.results.length < PAGE) return;
		}
	}
}

function forget(index: CommuneIndex, id: string) {
	const old = index.byId.get(id);
	if (!old) return;
	index.byId.delete(id);
	const ids = index.byNumber.get(old.idNumber);
	ids?.delete(id);
	if (ids && ids.size === 0) index.byNumber.delete(old.idNumber);
}
