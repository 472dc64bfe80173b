import express from 'express';
import type { Directory } from '../directory/directory.ts';
import type { Audit } from '../services/audit.ts';
import type { Auth } from '../services/auth.ts';
import { CouchError } from '../services/errors.ts';
import {
	FEE_ACCOUNT_MAX_BYTES,
	feeAccountRefusal,
	mayEditFeeAccount,
	setFeeAccount
} from '../services/fee-account.ts';
import { readJson } from './body.ts';

export interface FeeAccountDeps {
	auth: Auth;
	directory: Directory;
	audit: Audit;
}

/** `PUT /api/communes/:code/fee-account`: the commune's account for fees, set by its officials. */
export function feeAccountRouter(deps: FeeAccountDeps) {
	const router = express.Router();
	router.put('/:code/fee-account', async (req, res) => {
		const user = await deps.auth.actor(req.headers.authorization, req.ip ?? '');
		if (!user) throw feeAccountRefusal(401, 'unauthorized', 'feeAccount.signIn');
		const code = String(req.params.code);
		if (!mayEditFeeAccount(user, code))
			throw feeAccountRefusal(403, 'forbidden', 'feeAccount.scope');
		let body: unknown;
		try {
			body = await readJson(req, FEE_ACCOUNT_MAX_BYTES);
		} catch (err) {
			if (err instanceof CouchError && err.status === 413)
				throw feeAccountRefusal(413, 'too_large', 'feeAccount.tooLarge');
			if (err instanceof CouchError)
				throw feeAccountRefusal(400, 'bad_request', 'feeAccount.malformed');
			throw err;
		}
		const account = await setFeeAccount(deps, user.username, code, body);
		res.json({ ok: true, feeAccount: account });
	});
	return router;
}
