import express, { type Request } from 'express';
import { PHOTO_MAX_BYTES, isPhotoHash } from '../../../src/lib/domain/dossier/index.ts';
import { docIdSchema } from '../../../src/lib/domain/index.ts';
import type { Directory } from '../directory/directory.ts';
import type { Audit } from '../services/audit.ts';
import { toActor, type Auth } from '../services/auth.ts';
import { badRequest, forbidden, notFound, unauthorized } from '../services/errors.ts';
import { Photos } from '../services/photos.ts';
import type { Storage } from '../storage/index.ts';
import { readBinary } from './body.ts';

export interface PhotosDeps {
	auth: Auth;
	directory: Directory;
	storage: Storage;
	audit: Audit;
	now: () => Date;
}

/**
 * `PUT /api/communes/:code/photos/:hash?dossier=ID` stores a dossier's photo (raw JPEG body);
 * `GET` the same path reads it. Only for the commune's own users, in the dossier's scope.
 */
export function photosRouter(deps: PhotosDeps) {
	const router = express.Router();
	const photos = new Photos(deps.storage, deps.audit, deps.now);

	const target = async (req: Request) => {
		const user = await deps.auth.actor(req.headers.authorization, req.ip ?? '');
		if (!user) throw unauthorized('authentication required');
		const code = String(req.params.code);
		if (!/^\d{5}$/.test(code)) throw badRequest('commune code must be 5 digits');
		const hash = String(req.params.hash);
		if (!isPhotoHash(hash))
			throw badRequest('photo must be named by its SHA-256, in lower-case hex');
		const dossier = docIdSchema.safeParse(req.query.dossier);
		if (!dossier.success) throw badRequest('dossier must be a record id');
		if (user.role !== 'admin' && user.commune !== code) throw forbidden('own commune only');
		if (!(await deps.directory.commune(code))) throw notFound();
		return { actor: toActor(user), code, hash, dossier: dossier.data };
	};

	router.put('/:code/photos/:hash', async (req, res) => {
		const t = await target(req);
		const data = await readBinary(req, PHOTO_MAX_BYTES);
		const type = req.headers['content-type'] ?? '';
		const { created } = await photos.put(t.actor, t.code, t.dossier, t.hash, type, data);
		res.status(created ? 201 : 200).json({ ok: true, hash: t.hash, created });
	});

	router.get('/:code/photos/:hash', async (req, res) => {
		const t = await target(req);
		const photo = await photos.get(t.actor, t.code, t.dossier, t.hash);
		// no-store: a browser's HTTP cache is not encrypted, and these are residents' papers.
		res
			.status(200)
			.set({ 'content-type': 'image/jpeg', 'cache-control': 'no-store', etag: `"${t.hash}"` })
			.send(photo.data);
	});

	return router;
}
