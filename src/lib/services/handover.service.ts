import { z } from 'zod';
import type { HandoverReport } from '$domain/handover';

const bilingual = z.object({ vi: z.string(), en: z.string() });
const reportSchema = z.object({
	fileId: z.string(),
	author: z.string(),
	deviceId: z.string(),
	createdAt: z.string(),
	replayed: z.boolean(),
	rows: z.array(
		z.object({
			kind: z.enum(['record', 'photo']),
			collection: z.string(),
			id: z.string(),
			label: z.string(),
			outcome: z.enum(['accepted', 'already', 'conflict', 'refused']),
			reason: bilingual.optional()
		})
	)
});

export type HandoverImportResult =
	| { ok: true; report: HandoverReport }
	| { ok: false; error: 'offline' | 'unauthorized' }
	| { ok: false; error: 'server'; status: number }
	| { ok: false; error: 'refused'; reason: { vi: string; en: string } };

/** POST /api/communes/:code/handover with the file as it is (officials of the commune only). */
export async function importHandover(
	fetchFn: typeof fetch,
	token: string,
	commune: string,
	file: Blob,
	baseUrl = ''
): Promise<HandoverImportResult> {
	let res: Response;
	try {
		res = await fetchFn(`${baseUrl}/api/communes/${encodeURIComponent(commune)}/handover`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
			body: file
		});
	} catch {
		return { ok: false, error: 'offline' };
	}
	const body: unknown = await res.json().catch(() => null);
	if (res.ok) {
		const report = reportSchema.safeParse(body);
		return report.success
			? { ok: true, report: report.data }
			: { ok: false, error: 'server', status: res.status };
	}
	const refused = z
		.object({ error: z.literal('handover_refused'), reason: bilingual })
		.safeParse(body);
	if (refused.success) return { ok: false, error: 'refused', reason: refused.data.reason };
	if (res.status === 401 || res.status === 403) return { ok: false, error: 'unauthorized' };
	return { ok: false, error: 'server', status: res.status };
}
