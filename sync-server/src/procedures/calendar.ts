import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
	checkArrangement,
	workCalendarSchema,
	type WorkCalendarData
} from '../../../src/lib/domain/dossier/index.ts';
import { formatIssues, validateWith } from '../../../src/lib/domain/index.ts';
import type { DocDb, Storage } from '../storage/index.ts';
import { CatalogueError } from './load.ts';

const SHIPPED = fileURLToPath(
	new URL('../../../static-data/calendar/work-calendar.json', import.meta.url)
);
const ID = 'calendar:current';

/** Parses a working-day calendar; refused with every reason when invalid. */
export function parseCalendar(input: unknown): WorkCalendarData {
	const v = validateWith(workCalendarSchema, input);
	if (!v.ok) throw new CatalogueError(`invalid work calendar: ${formatIssues(v.issues, 'en')}`);
	const errors = v.value.years.flatMap((y) =>
		checkArrangement(y)
			.filter((f) => f.severity === 'error')
			.map((f) => `${y.year} ${f.path}: ${f.message.en}`)
	);
	if (errors.length) throw new CatalogueError(`invalid work calendar: ${errors.join('; ')}`);
	return v.value;
}

/**
 * The government's yearly arrangement of non-working days (swapped and compensatory days),
 * which changes every year: the shipped file, or a newer one an admin imported. Devices
 * fetch it and count deadlines with it.
 */
export class CalendarStore {
	private readonly shipped: WorkCalendarData;
	private cached: { calendar: WorkCalendarData; at: number } | null = null;

	private constructor(private readonly db: DocDb) {
		this.shipped = parseCalendar(JSON.parse(readFileSync(SHIPPED, 'utf8')));
	}

	static async open(storage: Storage): Promise<CalendarStore> {
		return new CalendarStore(await storage.internalDb('tramso_calendar'));
	}

	/** Re-read at most once a minute: another gateway of a CouchDB cluster may have imported one. */
	async current(): Promise<WorkCalendarData> {
		if (this.cached && Date.now() - this.cached.at < 60_000) return this.cached.calendar;
		const doc = await this.db.getOrNull(ID);
		const stored = doc ? workCalendarSchema.safeParse(doc.calendar) : null;
		const imported = stored?.success ? stored.data : null;
		const calendar = imported && imported.version > this.shipped.version ? imported : this.shipped;
		this.cached = { calendar, at: Date.now() };
		return calendar;
	}

	/** Stores a newer calendar; the same one again changes nothing, an older one is refused. */
	async import(input: unknown, at: string): Promise<'imported' | 'unchanged'> {
		const calendar = parseCalendar(input);
		const current = await this.current();
		if (JSON.stringify(current) === JSON.stringify(calendar)) return 'unchanged';
		if (calendar.version <= current.version) {
			throw new CatalogueError(
				`calendar version ${calendar.version} is not newer than version ${current.version}: raise "version"`
			);
		}
		const doc = await this.db.getOrNull(ID);
		await this.db.put({
			_id: ID,
			...(doc?._rev ? { _rev: doc._rev } : {}),
			calendar,
			importedAt: at
		});
		this.cached = { calendar, at: Date.now() };
		return 'imported';
	}
}
