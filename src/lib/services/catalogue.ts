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

/** The procedure catalogue shipped with the app (validated at build; parsed once here). */
export function shippedCatalogue(): Catalogue {
	catalogue ??= catalogueSchema.parse(catalogueJson);
	return catalogue;
}

export function workCalendar(): WorkCalendar {
	calendar ??= new WorkCalendar(workCalendarSchema.parse(calendarJson));
	return calendar;
}

export function procedureByCode(code: string): Procedure | undefined {
	return findProcedure(shippedCatalogue(), code);
}
