import type { Catalogue } from '../../../src/lib/domain/dossier/index.ts';
import type { DocDb, Storage } from '../storage/index.ts';
import { CatalogueError } from './load.ts';

const PREFIX = 'catalogue:';
const idOf = (version: number) => `${PREFIX}${String(version).padStart(8, '0')}`;

/**
 * Imported procedure catalogues, every version kept: a filed dossier stays on
 * the version it was filed with, so its form must remain readable.
 */
export class ProcedureStore {
	private constructor(private readonly db: DocDb) {}

	static async open(storage: Storage): Promise<ProcedureStore> {
		return new ProcedureStore(await storage.internalDb('tramso_procedures'));
	}

	async current(): Promise<Catalogue | null> {
		const res = await this.db.allDocs({
			startkey: `${PREFIX}\uffff`,
			endkey: PREFIX,
			descending: true,
			limit: 1
		});
		const id = res.rows[0]?.id;
		return id ? this.byId(id) : null;
	}

	async version(version: number): Promise<Catalogue | null> {
		return this.byId(idOf(version));
	}

	private async byId(id: string): Promise<Catalogue | null> {
		const doc = await this.db.getOrNull(id);
		return doc ? (doc.catalogue as Catalogue) : null;
	}

	/**
	 * Stores a validated catalogue as the newest. The same content again is a
	 * no-op; an older or equal version with other content is refused, since
	 * dossiers already point at that version.
	 */
	async import(catalogue: Catalogue, at: string): Promise<'imported' | 'unchanged'> {
		const current = await this.current();
		if (current && JSON.stringify(current) === JSON.stringify(catalogue)) return 'unchanged';
		if (current && catalogue.version <= current.version) {
			throw new CatalogueError(
				`catalogue version ${catalogue.version} is not newer than the imported version ${current.version}: raise "version"`
			);
		}
		await this.db.put({
			_id: idOf(catalogue.version),
			type: 'catalogue',
			version: catalogue.version,
			importedAt: at,
			catalogue
		});
		return 'imported';
	}
}

/** The catalogue the server serves: the newest imported one, or the shipped file when newer. */
export async function currentCatalogue(
	store: ProcedureStore,
	shipped: Catalogue
): Promise<Catalogue> {
	const imported = await store.current();
	return imported && imported.version >= shipped.version ? imported : shipped;
}
