import type { Household } from '$domain/household';
import type { Resident } from '$domain/resident';
import {
	buildSearchIndex,
	searchResidents,
	type SearchHit,
	type SearchIndex
} from '$domain/search';
import { watchDrafts, watchRecords, type AppDatabase, type DraftInfo } from '$lib/db';
import { byId } from './lookup';

/**
 * Households and residents on the device, kept current from RxDB change
 * streams; the search index is rebuilt once per change, never per keystroke.
 */
export class LiveRecords {
	residents = $state.raw<Resident[]>([]);
	households = $state.raw<Household[]>([]);
	/** Form input typed and not yet saved into its record. */
	drafts = $state.raw<DraftInfo[]>([]);
	loaded = $state(false);
	// Members removed by mistake keep a stub with their name; nobody searches for them.
	index = $derived<SearchIndex>(
		buildSearchIndex(
			this.residents.filter((r) => r.residency.status !== 'removed'),
			this.households
		)
	);
	residentById = $derived(byId(this.residents));
	householdById = $derived(byId(this.households));

	#stops: (() => void)[] = [];

	constructor(db: AppDatabase) {
		let seen = 0;
		const done = () => {
			seen += 1;
			if (seen >= 2) this.loaded = true;
		};
		this.#stops.push(
			watchRecords(db, 'residents', (list) => {
				this.residents = list;
				done();
			}),
			watchRecords(db, 'households', (list) => {
				this.households = list;
				done();
			}),
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
