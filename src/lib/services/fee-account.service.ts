import { z } from 'zod';
import { collectionAccountSchema, type CollectionAccount } from '$domain/dossier';
import type { Bilingual } from '$domain/rules';
import { decodeReason } from '$domain/wire';

export type FeeAccountResult =
	| { ok: true; account: CollectionAccount }
	| {
			ok: false;
			error: 'offline' | 'unauthorized' | 'forbidden' | 'refused' | 'server';
			reason?: Bilingual;
	  };

/** PUT /api/communes/:code/fee-account (officials of the commune); the server checks it again. */
export async function saveFeeAccount(
	fetchFn: typeof fetch,
	token: string,
	commune: string,
	account: CollectionAccount,
	baseUrl = ''
): Promise<FeeAccountResult> {
	let res: Response;
	try {
		res = await fetchFn(`${baseUrl}/api/communes/${encodeURIComponent(commune)}/fee-account`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify(account)
		});
	} catch {
		return { ok: false, error: 'offline' };
	}
	const body: unknown = await res.json().catch(() => null);
	const reason = z.object({ reason: z.string() }).safeParse(body);
	const why = reason.success ? { reason: decodeReason(reason.data.reason) } : {};
	if (res.status === 401) return { ok: false, error: 'unauthorized', ...why };
	if (res.status === 403) return { ok: false, error: 'forbidden', ...why };
	if (res.status === 400 || res.status === 413) return { ok: false, error: 'refused', ...why };
	const saved = z.object({ feeAccount: collectionAccountSchema }).safeParse(body);
	return res.ok && saved.success
		? { ok: true, account: saved.data.feeAccount }
		: { ok: false, error: 'server' };
}
