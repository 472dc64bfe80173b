import express from 'express';
import { z } from 'zod';
import {
	HANDOVER_MAX_BYTES,
	handoverProblemTexts,
	type HandoverProblem
} from '../../../src/lib/domain/index.ts';
import type { Auth } from '../services/auth.ts';
import { badRequest, forbidden, notFound, unauthorized } from '../services/errors.ts';
import { HandoverRefusal, type Handover } from '../services/handover.ts';
import type { Directory } from '../directory/directory.ts';
import { readBinary, readJson } from './body.ts';

export interface HandoverHttpDeps {
	auth: Auth;
	directory: Directory;
	handover: Handover;
}

const registration = z.strictObject({
	deviceId: z.string().min(1).max(200),
	publicKey: z
		.string()
		.min(80)
		.max(200)
		.regex(/^[A-Za-z0-9+/]+={0,2}$/)
});

const STATUS: Record<HandoverProblem, number> = {
	format: 400,
	truncated: 400,
	tampered: 400,
	otherServer: 400,
	commune: 403,
	author: 403,
	device: 403,
	tooLarge: 413
};

/**
 * `PUT /api/handover/device`: a signed-in device registers its signing key and gets the
 * server's public key. `POST /api/communes/:code/handover`: an official imports a file.
 */
export function handoverRouter(deps: HandoverHttpDeps) {
	const router = express.Router();
	const current = async (authorization: string | undefined, ip: string) => {
		const user = await deps.auth.actor(authorization, ip);
		if (!user) throw unauthorized('authentication required');
		return user;
	};

	router.put('/handover/device', async (req, res) => {
		const user = await current(req.headers.authorization, req.ip ?? '');
		const body = registration.safeParse(await readJson(req, 4096));
		if (!body.success) throw badRequest('deviceId and publicKey (SPKI, base64) are required');
		try {
			await globalThis.crypto.subtle.importKey(
				'spki',
				new Uint8Array(Buffer.from(body.data.publicKey, 'base64')),
				{ name: 'ECDSA', namedCurve: 'P-256' },
				false,
				['verify']
			);
		} catch {
			throw badRequest('publicKey must be an ECDSA P-256 key');
		}
		await deps.handover.registerDevice(user.username, body.data.deviceId, body.data.publicKey);
		res.json({ ok: true, serverKey: deps.handover.publicKey });
	});

	router.post('/communes/:code/handover', async (req, res) => {
		const user = await current(req.headers.authorization, req.ip ?? '');
		const code = String(req.params.code);
		if (!/^\d{5}$/.test(code)) throw badRequest('commune code must be 5 digits');
		if (user.role !== 'official' || user.commune !== code)
			throw forbidden('officials of this commune only');
		if (!(await deps.directory.commune(code))) throw notFound();
		let body: Buffer;
		try {
			body = await readBinary(req, HANDOVER_MAX_BYTES);
		} catch (err) {
			if ((err as { status?: number }).status === 413) return refuse(res, 'tooLarge');
			throw err;
		}
		try {
			res.json(await deps.handover.import(user, code, body.toString('utf8')));
		} catch (err) {
			if (err instanceof HandoverRefusal) return refuse(res, err.problem);
			throw err;
		}
	});

	return router;
}

function refuse(res: express.Response, problem: HandoverProblem) {
	res.status(STATUS[problem]).json({
		error: 'handover_refused',
		problem,
		reason: handoverProblemTexts[problem]
	});
}
