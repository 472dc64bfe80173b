import catalogueJson from '../../../static-data/procedures/catalogue.json';
import calendarJson from '../../../static-data/calendar/work-calendar.json';
import {
	catalogueSchema,
	findProcedure,
	WorkCalendar,
	workCalendarSchema,
	type Catalogue,
	type Procedure
} from '$domain/dossier';

let catalogue: Catalogue | undefined;
let calendar: WorkCalendar | undefined;
let calendarVersion = 0;

/** The procedure catalogue shipped with the app (validated at build; parsed once here). */
export function shippedCatalogue(): Catalogue {
	catalogue ??= catalogueSchema.parse(catalogueJson);
	return catalogue;
}

export function workCalendar(): WorkCalendar {
	if (!calendar) {
		const shipped = workCalendarSchema.parse(calendarJson);
		calendar = new WorkCalendar(shipped);
		calendarVersion = shipped.version;
	}
	return calendar;
}

/**
 * Counts deadlines with a calendar the server sent (the government's arrangement for a new
 * year, say) when it is valid and newer than the one in use; returns whether it now is in use.
 */
export function useWorkCalendar(input: unknown): boolean {
	workCalendar();
	const parsed = workCalendarSchema.safeParse(input);
	if (!parsed.success) return false;
	if (parsed.data.version > calendarVersion) {
		calendar = new WorkCalendar(parsed.data);
		calendarVersion = parsed.data.version;
	}
	return parsed.data.version === calendarVersion;
}

export function workCalendarVersion(): number {
	workCalendar();
	return calendarVersion;
}

export function procedureByCode(code: string): Procedure | undefined {
	return findProcedure(shippedCatalogue(), code);
}
