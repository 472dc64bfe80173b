import type { ExportRequest } from '$domain/export';

export type ExportResult =
	| { ok: true; blob: Blob; filename: string }
	| { ok: false; error: 'offline' | 'refused' | 'server'; reason?: string };

/** POST /api/communes/:code/exports/residents: the server builds the CSV and records who took it. */
export async function exportResidents(
	fetchFn: typeof fetch,
	token: string,
	commune: string,
	request: ExportRequest,
	baseUrl = ''
): Promise<ExportResult> {
	let res: Response;
	try {
		res = await fetchFn(`${baseUrl}/api/communes/${commune}/exports/residents`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify(request)
		});
	} catch {
		return { ok: false, error: 'offline' };
	}
	if (!res.ok) {
		const body = (await res.json().catch(() => null)) as { reason?: unknown } | null;
		const reason = typeof body?.reason === 'string' ? body.reason : undefined;
		return { ok: false, error: res.status < 500 ? 'refused' : 'server', reason };
	}
	const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];
	return { ok: true, blob: await res.blob(), filename: name ?? `cu-dan-xa-${commune}.csv` };
}
