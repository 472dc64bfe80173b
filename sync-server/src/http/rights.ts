import express, { type Request } from 'express';
import {
	docIdSchema,
	eraseRequestSchema,
	rightsCloseSchema,
	rightsRequestSchema
} from '../../../src/lib/domain/index.ts';
import type { Directory } from '../directory/directory.ts';
import type { Auth } from '../services/auth.ts';
import { badRequest, forbidden, notFound, unauthorized } from '../services/errors.ts';
import type { DataRights } from '../services/rights.ts';
import { parseBody, readJson } from './body.ts';

export interface RightsDeps {
	auth: Auth;
	directory: Directory;
	rights: DataRights;
}

/**
 * Residents' data rights, for the officials of the commune (and admins): the access export,
 * the erasure, and the log of requests with their deadlines. Volunteers have none of these.
 */
export function rightsRouter(deps: RightsDeps) {
	const router = express.Router();
	const office = async (req: Request) => {
		const user = await deps.auth.actor(req.headers.authorization, req.ip ?? '');
		if (!user) throw unauthorized('authentication required');
		const code = String(req.params.code);
		if (!/^\d{5}$/.test(code)) throw badRequest('commune code must be 5 digits');
		if (!(user.role === 'admin' || (user.role === 'official' && user.commune === code)))
			throw forbidden('officials of this commune only');
		if (!(await deps.directory.commune(code))) throw notFound();
		return { code, by: user.username };
	};
	const residentId = (req: Request) => {
		const r = docIdSchema.safeParse(String(req.params.id));
		if (!r.success) throw badRequest('resident id: not a record id');
		return r.data;
	};
	const requestId = (req: Request) => {
		const id = String(req.params.request);
		if (!/^[0-9a-f]{16}$/.test(id)) throw badRequest('request id: 16 hexadecimal digits');
		return id;
	};

	router.get('/:code/residents/:id/data', async (req, res) => {
		const { code, by } = await office(req);
		const data = await deps.rights.subject(code, residentId(req), by);
		res.set('cache-control', 'no-store').json(data);
	});

	router.post('/:code/residents/:id/erase', async (req, res) => {
		const { code, by } = await office(req);
		const id = residentId(req);
		const input = parseBody(eraseRequestSchema, await readJson(req, 4 * 1024));
		res.json(await deps.rights.erase(code, id, { by, ...input }));
	});

	router.get('/:code/rights-requests', async (req, res) => {
		const { code } = await office(req);
		res.set('cache-control', 'no-store').json({ requests: await deps.rights.listRequests(code) });
	});

	router.post('/:code/rights-requests', async (req, res) => {
		const { code, by } = await office(req);
		const input = parseBody(rightsRequestSchema, await readJson(req, 4 * 1024));
		res.status(201).json(await deps.rights.addRequest(code, input, by));
	});

	router.post('/:code/rights-requests/:request/close', async (req, res) => {
		const { code, by } = await office(req);
		const id = requestId(req);
		const input = parseBody(rightsCloseSchema, await readJson(req, 4 * 1024));
		res.json(await deps.rights.close(code, id, { by, ...input }));
	});

	return router;
}
