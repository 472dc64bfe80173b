import { fileURLToPath } from 'node:url';
import {
	catalogueIssues,
	vietnamLocal,
	type Catalogue,
	type Dossier
} from '../../../src/lib/domain/dossier/index.ts';
import type { FieldIssue } from '../../../src/lib/domain/index.ts';
import { loadCatalogue, SHIPPED_CATALOGUE } from './load.ts';
import type { ProcedureStore } from './store.ts';

const STATIC_DATA = fileURLToPath(new URL('../../../static-data/', import.meta.url));

/** Catalogue versions already read; a catalogue is ~100 KB and versions are few. */
const MAX_CACHED = 8;

/**
 * Checks incoming dossiers against the catalogue version each names: the
 * shipped file (validated at start) or an imported one from the store.
 */
export class DossierChecks {
	private readonly cache = new Map<number, Catalogue | null>();

	constructor(
		private readonly store: ProcedureStore,
		private readonly shipped: Catalogue,
		private readonly now: () => Date
	) {}

	static async open(store: ProcedureStore, now: () => Date): Promise<DossierChecks> {
		return new DossierChecks(store, loadCatalogue(STATIC_DATA + SHIPPED_CATALOGUE), now);
	}

	private async catalogue(version: number): Promise<Catalogue | null> {
		if (version === this.shipped.version) return this.shipped;
		if (this.cache.has(version)) return this.cache.get(version) ?? null;
		const found = await this.store.version(version);
		if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
		this.cache.set(version, found);
		return found;
	}

	/** Issues of one dossier that already passed its schema. */
	async check(doc: Record<string, unknown>): Promise<FieldIssue[]> {
		const d = doc as unknown as Dossier;
		const today = vietnamLocal(this.now().toISOString()).date;
		return catalogueIssues(d, await this.catalogue(d.procedure.catalogueVersion), today);
	}
}
