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
 * `PUT /api/communes/:code/photos/:hash?dossier=ID` (or `?point=ID`) stores a record's photo
 * (raw JPEG body); `GET` the same path reads it. Only for the commune's own users, in the
 * record's scope.
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
		// Exactly one parent record: `dossier=ID` or `point=ID`.
		const given = (['dossier', 'point'] as const).filter((k) => req.query[k] !== undefined);
		if (given.length !== 1) throw badRequest('name the photo’s record: dossier=ID or point=ID');
		const kind = given[0];
		const id = docIdSchema.safeParse(req.query[kind]);
		if (!id.success) throw badRequest(`${kind} must be a record id`);
		if (user.role !== 'admin' && user.commune !== code) throw forbidden('own commune only');
		if (!(await deps.directory.commune(code))) throw notFound();
		return { actor: toActor(user), code, hash, parent: { kind, id: id.data } };
	};

	router.put('/:code/photos/:hash', async (req, res) => {
		const t = await target(req);
		const data = await readBinary(req, PHOTO_MAX_BYTES);
		const type = req.headers['content-type'] ?? '';
		const { created } = await photos.put(t.actor, t.code, t.parent, t.hash, type, data);
		res.status(created ? 201 : 200).json({ ok: true, hash: t.hash, created });
	});

	router.get('/:code/photos/:hash', async (req, res) => {
		const t = await target(req);
		const photo = await photos.get(t.actor, t.code, t.parent, t.hash);
		// no-store: a browser's HTTP cache is not encrypted, and these are residents' papers.
		res
			.status(200)
			.set({ 'content-type': 'image/jpeg', 'cache-control': 'no-store', etag: `"${t.hash}"` })
			.send(photo.data);
	});

	return router;
}
