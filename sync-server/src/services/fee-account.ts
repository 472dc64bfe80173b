import {
	dossierTexts,
	validateFeeAccount,
	type CollectionAccount,
	type DossierRuleKey
} from '../../../src/lib/domain/dossier/index.ts';
import { encodeReason, type PublicUser } from '../../../src/lib/domain/index.ts';
import type { Directory } from '../directory/directory.ts';
import type { Audit } from './audit.ts';
import { CouchError } from './errors.ts';

/** An account is three short fields: anything near this size is not one. */
export const FEE_ACCOUNT_MAX_BYTES = 4 * 1024;

/** A refusal with its reason in both languages (`encodeReason`), as the device shows it. */
export function feeAccountRefusal(status: number, error: string, rule: DossierRuleKey, path = '') {
	return new CouchError(status, error, encodeReason([{ path, rule, message: dossierTexts[rule] }]));
}

/** Officials of the commune and admins; everyone else is refused before the body is read. */
export function mayEditFeeAccount(user: Pick<PublicUser, 'role' | 'commune'>, code: string) {
	return user.role === 'admin' || (user.role === 'official' && user.commune === code);
}

/**
 * Sets the commune's account for fees by bank transfer, which every device then draws its
 * VietQR codes with; audited with the bank and the account's last digits.
 */
export async function setFeeAccount(
	deps: { directory: Directory; audit: Audit },
	by: string,
	code: string,
	body: unknown
): Promise<CollectionAccount> {
	const checked = validateFeeAccount(body);
	if (!checked.ok) throw new CouchError(400, 'bad_request', encodeReason(checked.issues));
	const current = await deps.directory.commune(code);
	if (!current) throw feeAccountRefusal(404, 'not_found', 'feeAccount.commune');
	const saved = (await deps.directory.setFeeAccount(code, checked.value)).feeAccount!;
	await deps.audit.record({
		commune: code,
		action: 'commune.feeAccount',
		by,
		subject: code,
		details: {
			bin: saved.bin,
			accountEnding: saved.accountNumber.slice(-4),
			accountName: saved.accountName,
			replaced: (current.feeAccount ?? null) !== null
		}
	});
	return saved;
}
