import express, { type Request } from 'express';
import {
	SYNC_FORMAT_VERSION,
	collections,
	loginRequestSchema,
	remoteDbName,
	type CollectionName,
	type SessionResponse
} from '../../../src/lib/domain/index.ts';
import { publicUser, type Directory, type StoredUser } from '../directory/directory.ts';
import { parseUnitCatalogue } from '../directory/units.ts';
import { diffUnits, unitsVersionSchema } from '../../../src/lib/domain/units-diff.ts';
import type { Admin } from '../services/admin.ts';
import type { Audit } from '../services/audit.ts';
import { toActor, type Auth } from '../services/auth.ts';
import { latestHeartbeats } from '../services/devices.ts';
import type { CccdIndex } from '../services/duplicates.ts';
import type { HamletMerges } from '../services/hamlet-merge.ts';
import type { RefusalLog } from '../services/refusals.ts';
import {
	badRequest,
	forbidden,
	notFound,
	tooManyRequests,
	unauthorized
} from '../services/errors.ts';
import { deviceKey, type Sessions } from '../services/sessions.ts';
import type { RateLimit } from '../services/throttle.ts';
import type { Storage } from '../storage/index.ts';
import { isObject, readJson } from './body.ts';
import { Query } from './query.ts';
import { mountOffice } from './office.ts';

export interface ApiDeps {
	auth: Auth;
	sessions: Sessions;
	directory: Directory;
	audit: Audit;
	admin: Admin;
	merges: HamletMerges;
	refusals: RefusalLog;
	storage: Storage;
	version: string;
	idleLockMinutes: number;
	cccdIndex: CccdIndex;
	/** Duplicate lookups per user. */
	lookups: RateLimit;
}

// Handlers are async: express 5 passes their rejections to the error handler.
function bearer(req: Request): string {
	const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
	if (!m) throw unauthorized('bearer token required');
	return m[1];
}

export function apiRouter(deps: ApiDeps) {
	const { auth, sessions, directory } = deps;
	const api = express.Router();
	const current = async (req: Request) => {
		const user = await auth.actor(req.headers.authorization, req.ip ?? '');
		if (!user) throw unauthorized('authentication required');
		return user;
	};
	/** The admin's username, as the audit records it. */
	const asAdmin = async (req: Request) => {
		const user = await current(req);
		if (user.role !== 'admin') throw forbidden('admins only');
		return user.username;
	};
	/** Officials of the commune and admins. */
	const reviewer = async (req: Request) => {
		const user = await current(req);
		const code = String(req.params.code);
		if (user.role === 'admin' || (user.role === 'official' && user.commune === code)) return code;
		throw forbidden('officials of this commune only');
	};
	const body = async (req: Request) => {
		const b = await readJson(req, 1024 * 1024);
		if (!isObject(b)) throw badRequest('body must be a JSON object');
		return b;
	};

	api.get('/health', (_req, res) => {
		res.json({ ok: true, version: deps.version, syncFormat: SYNC_FORMAT_VERSION });
	});

	api.post('/session', async (req, res) => {
		const parsed = loginRequestSchema.safeParse(await readJson(req, 64 * 1024));
		if (!parsed.success) throw badRequest('username and password are required');
		const { username, password } = parsed.data;
		const user = await auth.login(username, password, req.ip ?? '', { session: true });
		const { token, expiresAt } = await sessions.create(user);
		res.json({
			token,
			expiresAt,
			deviceKey: deviceKey(await directory.deviceKeySecret(), user.username),
			...(await sessionBody(directory, user, deps.idleLockMinutes))
		} satisfies SessionResponse & { deviceKey: string });
	});
	api.get('/session', async (req, res) => {
		const user = await auth.fromToken(bearer(req));
		res.json(await sessionBody(directory, user, deps.idleLockMinutes));
	});
	api.delete('/session', async (req, res) => {
		await sessions.revoke(bearer(req));
		res.json({ ok: true });
	});

	api.get('/communes/:code/devices', async (req, res) => {
		const code = await reviewer(req);
		if (!(await directory.commune(code))) throw badRequest('unknown commune');
		const disabled = new Set(
			(await directory.listUsers())
				.filter((u) => u.commune === code && u.disabled)
				.map((u) => u.username)
		);
		res.json({ devices: await latestHeartbeats(deps.storage, code, disabled) });
	});

	// What the server refused from the commune's phones: records a person must fix on the phone.
	api.get('/communes/:code/refusals', async (req, res) => {
		const code = await reviewer(req);
		if (!(await directory.commune(code))) throw badRequest('unknown commune');
		res.json({ refusals: await deps.refusals.list(code) });
	});

	// CCCDs held by residents of two hamlets: each device sees only its own hamlets.
	api.get('/communes/:code/duplicates', async (req, res) => {
		const user = await current(req);
		const code = String(req.params.code);
		if (user.role !== 'admin' && user.commune !== code) throw forbidden('own commune only');
		if (!(await directory.commune(code))) throw notFound();
		const wait = deps.lookups.take(user.username);
		if (wait > 0) throw tooManyRequests(`too many duplicate lookups; retry in ${wait} s`, wait);
		const names = new Map((await directory.listHamlets(code)).map((h) => [h.id, h.name]));
		const found = await deps.cccdIndex.collisions(toActor(user), code);
		const residents = [...new Set(found.map((c) => c.residentId))];
		await deps.audit.record({
			commune: code,
			action: 'duplicates.lookup',
			by: user.username,
			details: { found: found.length, residents: residents.slice(0, 100) }
		});
		res.json({
			collisions: found.map((c) => ({ ...c, otherHamletName: names.get(c.otherHamlet) ?? null }))
		});
	});

	// Admin API: the same operations as the admin command line, audited the same way.
	const versionOf = (req: Request) => {
		const v = new Query(req).str('version');
		if (v === undefined || v === '') return null;
		const parsed = unitsVersionSchema.safeParse(v);
		if (!parsed.success) throw badRequest('version: letters, digits, dots and dashes, 40 at most');
		return parsed.data;
	};
	api.get('/admin/units', async (req, res) => {
		await asAdmin(req);
		res.json(await directory.unitsInfo());
	});
	// What importing a newer national list would change, before it is imported.
	api.post('/admin/units/diff', async (req, res) => {
		await asAdmin(req);
		const next = parseUnitCatalogue(await readJson(req));
		const inUse = (await directory.listCommunes()).map((c) => c.code);
		res.json(diffUnits(await directory.listUnits(), next, inUse));
	});
	api.post('/admin/units', async (req, res) => {
		const by = await asAdmin(req);
		const version = versionOf(req);
		const units = parseUnitCatalogue(await readJson(req));
		res.status(201).json({ imported: await deps.admin.importUnits(units, by, version) });
	});
	api.get('/admin/communes', async (req, res) => {
		await asAdmin(req);
		res.json(await directory.listCommunes());
	});
	api.post('/admin/communes', async (req, res) => {
		const by = await asAdmin(req);
		const b = await body(req);
		res.status(201).json(await deps.admin.addCommune(b as { code: string }, by));
	});
	api.get('/admin/communes/:code/hamlets', async (req, res) => {
		await asAdmin(req);
		res.json(await directory.listHamlets(String(req.params.code)));
	});
	api.post('/admin/communes/:code/hamlets', async (req, res) => {
		const by = await asAdmin(req);
		const b = await body(req);
		res
			.status(201)
			.json(await deps.admin.addHamlet({ ...b, commune: String(req.params.code) }, by));
	});
	api.get('/admin/users', async (req, res) => {
		await asAdmin(req);
		res.json(await directory.listUsers());
	});
	api.post('/admin/users', async (req, res) => {
		const by = await asAdmin(req);
		const b = await body(req);
		const hamlets = Array.isArray(b.hamlets) ? b.hamlets.map(String) : undefined;
		res.status(201).json(
			await deps.admin.addUser(
				{
					username: String(b.username ?? ''),
					password: String(b.password ?? ''),
					role: String(b.role ?? ''),
					commune: typeof b.commune === 'string' ? b.commune : null,
					hamlets,
					displayName: typeof b.displayName === 'string' ? b.displayName : undefined
				},
				by
			)
		);
	});
	api.post('/admin/users/:username/password', async (req, res) => {
		const by = await asAdmin(req);
		const b = await body(req);
		await deps.admin.setPassword(String(req.params.username), String(b.password ?? ''), by);
		res.json({ ok: true });
	});
	for (const [action, disabled] of [
		['disable', true],
		['enable', false]
	] as const) {
		api.post(`/admin/users/:username/${action}`, async (req, res) => {
			const by = await asAdmin(req);
			await deps.admin.setDisabled(String(req.params.username), disabled, by);
			res.json({ ok: true });
		});
	}
	mountOffice(api, deps, current);
	api.use((_req, res) => {
		res.status(404).json({ error: 'not_found', reason: 'no such API endpoint' });
	});
	return api;
}

async function sessionBody(directory: Directory, user: StoredUser, idleLockMinutes: number) {
	const databases: Record<string, string> = {};
	const hamletNames: Record<string, string> = {};
	const people: Record<string, string> = {};
	const commune = user.commune ? await directory.commune(user.commune) : null;
	if (user.commune) {
		for (const name of Object.keys(collections) as CollectionName[]) {
			databases[name] = `/db/${remoteDbName(user.commune, name)}/`;
		}
		for (const h of await directory.listHamlets(user.commune)) hamletNames[h.id] = h.name;
		for (const u of await directory.listUsers()) {
			if (u.commune === user.commune) people[u.username] = u.displayName || u.username;
		}
	}
	return {
		user: publicUser(user),
		databases,
		idleLockMinutes,
		hamletNames,
		people,
		feeAccount: commune?.feeAccount ?? null,
		place: commune
			? {
					commune: commune.name,
					province: (await directory.unit(commune.province))?.name ?? commune.province
				}
			: null,
		syncFormat: SYNC_FORMAT_VERSION
	};
}
