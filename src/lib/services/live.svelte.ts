import type { Correction } from '$domain/correction';
import type { Household } from '$domain/household';
import type { Resident } from '$domain/resident';
import {
	buildSearchIndex,
	searchResidents,
	type SearchHit,
	type SearchIndex
} from '$domain/search';
import { watchDrafts, type AppDatabase, type DraftInfo } from '$lib/db';
import { byId } from './lookup';

/**
 * Households and residents on the device, kept current from RxDB change
 * streams; the search index is rebuilt once per change, never per keystroke.
 */
export class LiveRecords {
	residents = $state.raw<Resident[]>([]);
	households = $state.raw<Household[]>([]);
	/** Removals, moves and merges, newest first. */
	corrections = $state.raw<Correction[]>([]);
	/** Form input typed and not yet saved into its record. */
	drafts = $state.raw<DraftInfo[]>([]);
	loaded = $state(false);
	index = $derived<SearchIndex>(buildSearchIndex(this.residents, this.households));
	residentById = $derived(byId(this.residents));
	householdById = $derived(byId(this.households));

	#stops: (() => void)[] = [];

	constructor(db: AppDatabase) {
		let seen = 0;
		const done = () => {
			seen += 1;
			if (seen >= 2) this.loaded = true;
		};
		const r = db.collections.residents.find().$.subscribe((docs) => {
			this.residents = docs.map((d) => d.toJSON() as Resident);
			done();
		});
		const h = db.collections.households.find().$.subscribe((docs) => {
			this.households = docs.map((d) => d.toJSON() as Household);
			done();
		});
		const c = db.collections.corrections
			?.find({ sort: [{ updatedAt: 'desc' }] })
			.$.subscribe((docs) => {
				this.corrections = docs.map((d) => d.toJSON() as Correction);
			});
		this.#stops.push(
			() => r.unsubscribe(),
			() => h.unsubscribe(),
			() => c?.unsubscribe(),
			watchDrafts(db, (list) => (this.drafts = list))
		);
	}

	search(query: string, limit = 50): SearchHit[] {
		return searchResidents(this.index, query, limit);
	}

	membersOf(householdId: string): Resident[] {
		return this.residents.filter((r) => r.householdId === householdId);
	}

	destroy(): void {
		for (const stop of this.#stops.splice(0)) stop();
	}
}
