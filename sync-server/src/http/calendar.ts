import express from 'express';
import type { Audit } from '../services/audit.ts';
import type { Auth } from '../services/auth.ts';
import { badRequest, CouchError, forbidden, unauthorized } from '../services/errors.ts';
import { CatalogueError } from '../procedures/load.ts';
import type { CalendarStore } from '../procedures/calendar.ts';
import { readJson } from './body.ts';

export interface CalendarDeps {
	auth: Auth;
	audit: Audit;
	calendar: CalendarStore;
	now: () => Date;
}

/**
 * `GET /api/calendar`: the working-day calendar devices count deadlines with, for any signed-in
 * user (ETag by version). `PUT /api/admin/calendar`: an admin imports a newer one.
 */
export function calendarRouter(deps: CalendarDeps) {
	const router = express.Router();
	const user = async (req: express.Request) => {
		const u = await deps.auth.actor(req.headers.authorization, req.ip ?? '');
		if (!u) throw unauthorized('authentication required');
		return u;
	};

	router.get('/calendar', async (req, res) => {
		await user(req);
		const calendar = await deps.calendar.current();
		const etag = `"calendar-${calendar.version}"`;
		res.set({ etag, 'cache-control': 'private, no-cache' });
		if (req.headers['if-none-match'] === etag) {
			res.status(304).end();
			return;
		}
		res.json(calendar);
	});

	router.put('/admin/calendar', async (req, res) => {
		const u = await user(req);
		if (u.role !== 'admin') throw forbidden('admins only');
		const body = await readJson(req, 1024 * 1024);
		let done: 'imported' | 'unchanged';
		try {
			done = await deps.calendar.import(body, deps.now().toISOString());
		} catch (err) {
			if (!(err instanceof CatalogueError)) throw err;
			if (/not newer/.test(err.message)) throw new CouchError(409, 'conflict', err.message);
			throw badRequest(err.message);
		}
		const { version } = await deps.calendar.current();
		if (done === 'imported') {
			await deps.audit.record({
				commune: null,
				action: 'calendar.import',
				by: u.username,
				details: { version }
			});
		}
		res
			.status(done === 'imported' ? 201 : 200)
			.json({ ok: true, version, imported: done === 'imported' });
	});

	return router;
}
