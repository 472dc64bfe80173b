import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import {
	AUDIT_CSV_COLUMNS,
	assignHamletsSchema,
	auditCsvRow,
	auditFilterSchema,
	BOM,
	csvField,
	mergeHamletSchema,
	newHamletSchema,
	newPersonSchema,
	renameHamletSchema,
	retireHamletSchema,
	type AuditFilter
} from '../../../src/lib/domain/index.ts';
import type { Directory, StoredUser } from '../directory/directory.ts';
import type { Admin } from '../services/admin.ts';
import type { HamletMerges } from '../services/hamlet-merge.ts';
import { SERVER_SCOPE, type Audit } from '../services/audit.ts';
import { badRequest, CouchError, forbidden, notFound } from '../services/errors.ts';
import { parseBody, readJson } from './body.ts';
import { Query } from './query.ts';

/** Past this many rows an export is refused rather than cut short: narrow the filters. */
const CSV_MAX_ROWS = 100_000;

function auditFilter(q: Query): AuditFilter {
	const raw: Record<string, string> = {};
	for (const name of ['user', 'record', 'action', 'since', 'until']) {
		const v = q.str(name);
		if (v !== undefined && v !== '') raw[name] = v;
	}
	return parseBody(auditFilterSchema, raw, 'bad filter');
}

/** What the office needs of the API's dependencies. */
export interface OfficeDeps {
	directory: Directory;
	admin: Admin;
	audit: Audit;
	merges: HamletMerges;
}

/**
 * The commune office: its people, its hamlets and its audit log, for the officials of the
 * commune and for admins (any commune). Every change goes through `Admin`, which audits it.
 */
export function mountOffice(
	api: Router,
	deps: OfficeDeps,
	current: (req: Request) => Promise<StoredUser>
) {
	const { directory, admin } = deps;

	const office = async (req: Request) => {
		const user = await current(req);
		const code = String(req.params.code);
		if (!(user.role === 'admin' || (user.role === 'official' && user.commune === code)))
			throw forbidden('officials of this commune only');
		if (!(await directory.commune(code))) throw notFound();
		return { by: user.username, code, self: user };
	};
	/** Someone of this commune; another commune's people and admins are not found here. */
	const member = async (req: Request) => {
		const o = await office(req);
		const target = await directory.user(String(req.params.username));
		if (!target || target.commune !== o.code || target.role === 'admin') throw notFound();
		return { ...o, target };
	};
	const body = async <T>(req: Request, schema: z.ZodType<T>) =>
		parseBody(schema, await readJson(req, 16 * 1024));

	api.get('/communes/:code/users', async (req, res) => {
		const { code } = await office(req);
		res.json({ users: (await directory.listUsers()).filter((u) => u.commune === code) });
	});
	api.post('/communes/:code/users', async (req, res) => {
		const { by, code } = await office(req);
		const p = await body(req, newPersonSchema);
		res.status(201).json(await admin.addPerson({ ...p, commune: code }, by));
	});
	api.post('/communes/:code/users/:username/password', async (req, res) => {
		const { by, target } = await member(req);
		res.json({ password: await admin.resetPassword(target.username, by) });
	});
	for (const [action, disabled] of [
		['disable', true],
		['enable', false]
	] as const) {
		api.post(`/communes/:code/users/:username/${action}`, async (req, res) => {
			const { by, target, self } = await member(req);
			if (disabled && target.username === self.username)
				throw new CouchError(409, 'conflict', 'you cannot disable your own account');
			await admin.setDisabled(target.username, disabled, by);
			res.json({ ok: true });
		});
	}
	api.put('/communes/:code/users/:username/hamlets', async (req, res) => {
		const { by, target } = await member(req);
		const { hamlets } = await body(req, assignHamletsSchema);
		res.json(await admin.setHamlets(target.username, hamlets, by));
	});

	api.get('/communes/:code/hamlets', async (req, res) => {
		const { code } = await office(req);
		res.json({ hamlets: await directory.listHamlets(code) });
	});
	api.post('/communes/:code/hamlets', async (req, res) => {
		const { by, code } = await office(req);
		const h = await body(req, newHamletSchema);
		res.status(201).json(await admin.addHamlet({ ...h, commune: code }, by));
	});
	const hamlet = async (req: Request) => {
		const o = await office(req);
		const id = String(req.params.id);
		if (!(await directory.hamlet(o.code, id))) throw notFound();
		return { ...o, id };
	};
	api.post('/communes/:code/hamlets/:id/rename', async (req, res) => {
		const { by, code, id } = await hamlet(req);
		res.json(await admin.renameHamlet(code, id, await body(req, renameHamletSchema), by));
	});
	const today = () => new Date().toISOString().slice(0, 10);
	api.get('/communes/:code/hamlets/:id/merge', async (req, res) => {
		const { code, id } = await hamlet(req);
		const q = new Query(req);
		const { into, on } = parseBody(
			mergeHamletSchema,
			{ into: q.str('into'), ...(q.str('on') ? { on: q.str('on') } : {}) },
			'bad merge'
		);
		res.json(await deps.merges.preview(code, id, into, on ?? today()));
	});
	api.post('/communes/:code/hamlets/:id/merge', async (req, res) => {
		const { by, code, id } = await hamlet(req);
		const { into, on } = await body(req, mergeHamletSchema);
		res.json(await deps.merges.merge({ commune: code, from: id, into, on: on ?? today(), by }));
	});
	api.post('/communes/:code/hamlets/:id/retire', async (req, res) => {
		const { by, code, id } = await hamlet(req);
		const { validTo } = await body(req, retireHamletSchema);
		res.json(await admin.retireHamlet(code, id, validTo, by));
	});

	const auditPage = (scope: string, req: Request) => {
		const q = new Query(req);
		return deps.audit.list(scope, {
			limit: Math.max(1, q.int('limit', 1000) ?? 100),
			cursor: q.str('cursor'),
			filter: auditFilter(q)
		});
	};
	const auditCsv = async (scope: string, req: Request) => {
		const filter = auditFilter(new Query(req));
		const rows: string[] = [];
		let cursor: string | undefined;
		do {
			const page = await deps.audit.list(scope, { limit: 1000, cursor, filter });
			for (const e of page.entries) rows.push(auditCsvRow(e, csvField));
			if (rows.length > CSV_MAX_ROWS)
				throw badRequest(`more than ${CSV_MAX_ROWS} entries: narrow the filters`);
			cursor = page.next ?? undefined;
		} while (cursor);
		return BOM + [AUDIT_CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
	};
	const sendCsv = (res: Response, name: string, csv: string) =>
		res
			.set({
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': `attachment; filename="nhat-ky-${name}.csv"`,
				'cache-control': 'no-store'
			})
			.send(csv);

	api.get('/communes/:code/audit', async (req, res) => {
		const { code } = await office(req);
		res.json(await auditPage(code, req));
	});
	api.get('/communes/:code/audit.csv', async (req, res) => {
		const { code } = await office(req);
		sendCsv(res, code, await auditCsv(code, req));
	});
	const asAdmin = async (req: Request) => {
		const user = await current(req);
		if (user.role !== 'admin') throw forbidden('admins only');
	};
	api.get('/admin/audit', async (req, res) => {
		await asAdmin(req);
		res.json(await auditPage(SERVER_SCOPE, req));
	});
	api.get('/admin/audit.csv', async (req, res) => {
		await asAdmin(req);
		sendCsv(res, SERVER_SCOPE, await auditCsv(SERVER_SCOPE, req));
	});
}
