import express, { type Request } from 'express';
import {
	exportRefusal,
	exportRefusalTexts,
	exportRequestSchema,
	formatIssues,
	validateWith
} from '../../../src/lib/domain/index.ts';
import type { Directory } from '../directory/directory.ts';
import type { Audit } from '../services/audit.ts';
import { toActor, type Auth } from '../services/auth.ts';
import { badRequest, forbidden, notFound, unauthorized } from '../services/errors.ts';
import { Exports } from '../services/exports.ts';
import type { Storage } from '../storage/index.ts';
import { isObject, readJson } from './body.ts';
import { Query } from './query.ts';

export interface ExportDeps {
	auth: Auth;
	directory: Directory;
	storage: Storage;
	audit: Audit;
	now: () => Date;
}

/**
 * `POST /api/communes/:code/exports/residents` builds the residents CSV;
 * `GET /api/communes/:code/exports` lists who exported what. Officials of the
 * commune (and, masked only, admins); every export is audited.
 */
export function exportsRouter(deps: ExportDeps) {
	const router = express.Router();
	let exports: Promise<Exports> | undefined;
	const service = () =>
		(exports ??= deps.storage
			.internalDb('tramso_exports')
			.then((log) => new Exports(deps.storage, deps.audit, log, deps.now)));

	const caller = async (req: Request) => {
		const user = await deps.auth.actor(req.headers.authorization, req.ip ?? '');
		if (!user) throw unauthorized('authentication required');
		const code = String(req.params.code);
		if (!/^\d{5}$/.test(code)) throw badRequest('commune code must be 5 digits');
		if (!(await deps.directory.commune(code))) throw notFound();
		return { actor: toActor(user), code };
	};

	router.post('/:code/exports/residents', async (req, res) => {
		const { actor, code } = await caller(req);
		const body = await readJson(req, 16 * 1024);
		if (!isObject(body)) throw badRequest('body must be a JSON object');
		const parsed = validateWith(exportRequestSchema, body);
		if (!parsed.ok) throw badRequest(formatIssues(parsed.issues, 'en'));
		const refusal = exportRefusal(actor, code, parsed.value);
		if (refusal) {
			const text = exportRefusalTexts[refusal];
			const reason = `${text.en} | ${text.vi}`;
			throw refusal === 'export.reason' ? badRequest(reason) : forbidden(reason);
		}
		const names = new Map((await deps.directory.listHamlets(code)).map((h) => [h.id, h.name]));
		if (parsed.value.hamlet && !names.has(parsed.value.hamlet)) throw badRequest('unknown hamlet');
		const { csv, entry } = await (
			await service()
		).residents(code, actor.username, parsed.value, (id) => names.get(id) ?? id);
		res
			.status(200)
			.set({
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="cu-dan-xa-${code}-${entry.at.slice(0, 10)}.csv"`,
				'cache-control': 'no-store',
				'x-export-id': entry.id
			})
			.send(csv);
	});

	router.get('/:code/exports', async (req, res) => {
		const { actor, code } = await caller(req);
		if (!(actor.role === 'admin' || (actor.role === 'official' && actor.commune === code))) {
			throw forbidden('officials of this commune only');
		}
		const limit = new Query(req).int('limit', 500) ?? 100;
		res.json({ exports: await (await service()).list(code, limit) });
	});

	return router;
}
