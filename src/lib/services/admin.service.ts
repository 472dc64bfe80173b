import { z } from 'zod';
import { communeSchema, type Commune } from '$domain/directory';
import { unitsInfoSchema, type UnitsDiff, type UnitsInfo } from '$domain/units-diff';
import { apiRequest, type OfficeClient, type OfficeResult } from './office.service';

/** The provincial admin's console talks to `/api/admin/…` with the admin's own token. */
export type AdminClient = Pick<OfficeClient, 'fetchFn' | 'token' | 'baseUrl'>;

export function adminClient(
	token: string | null,
	fetchFn: typeof fetch = (...args) => fetch(...args)
): AdminClient | null {
	return token ? { fetchFn, token } : null;
}

const unitSchema = z.object({
	code: z.string(),
	level: z.enum(['province', 'commune']),
	name: z.string(),
	unitType: z.string(),
	province: z.string()
});
const side = z.object({ name: z.string(), unitType: z.string() });
const unitsDiffSchema: z.ZodType<UnitsDiff> = z.object({
	counts: z.object({
		added: z.number(),
		removed: z.number(),
		changed: z.number(),
		unchanged: z.number()
	}),
	added: z.array(unitSchema),
	removed: z.array(unitSchema),
	changed: z.array(
		z.object({
			code: z.string(),
			level: z.enum(['province', 'commune']),
			province: z.string(),
			before: side,
			after: side
		})
	),
	inUse: z.array(z.string())
});

export async function unitsInfo(c: AdminClient): Promise<OfficeResult<{ info: UnitsInfo }>> {
	const r = await apiRequest(c, 'GET', '/admin/units', unitsInfoSchema);
	return r.ok ? { ok: true, info: r.value } : r;
}

/** What importing `list` (the national list's JSON) would change; nothing is imported. */
export async function diffUnits(
	c: AdminClient,
	list: unknown
): Promise<OfficeResult<{ diff: UnitsDiff }>> {
	const r = await apiRequest(c, 'POST', '/admin/units/diff', unitsDiffSchema, list);
	return r.ok ? { ok: true, diff: r.value } : r;
}

export async function importUnits(
	c: AdminClient,
	list: unknown,
	version: string
): Promise<OfficeResult<{ imported: number }>> {
	const q = version ? `?${new URLSearchParams({ version })}` : '';
	const r = await apiRequest(
		c,
		'POST',
		`/admin/units${q}`,
		z.object({ imported: z.number() }),
		list
	);
	return r.ok ? { ok: true, imported: r.value.imported } : r;
}

export async function listCommunes(c: AdminClient): Promise<OfficeResult<{ communes: Commune[] }>> {
	const r = await apiRequest(c, 'GET', '/admin/communes', z.array(communeSchema));
	return r.ok ? { ok: true, communes: r.value } : r;
}

/** Sets up a commune of the catalogue (its databases included) by its code. */
export async function addCommune(
	c: AdminClient,
	code: string
): Promise<OfficeResult<{ commune: Commune }>> {
	const r = await apiRequest(c, 'POST', '/admin/communes', communeSchema, { code: code.trim() });
	return r.ok ? { ok: true, commune: r.value } : r;
}

/** `vn-units-2026-07-25.json` → `2026-07-25`: the label the admin is offered for an import. */
export function versionFromFileName(name: string): string {
	return /(\d{4}-\d{2}-\d{2})/.exec(name)?.[1] ?? '';
}
