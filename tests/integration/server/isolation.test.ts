import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	HAI,
	HUNG,
	LAN,
	TUAN,
	heartbeat,
	household,
	type Author,
	type WireDoc
} from '../helpers/docs.ts';
import {
	ADMIN,
	basic,
	bearer,
	call,
	login,
	startTestServer,
	type TestServer
} from '../helpers/server.ts';

/**
 * Each role reads each path; the expected visible set is written out by hand:
 * volunteers see their hamlet's households and their own heartbeats, the official
 * the whole commune, nobody another commune.
 */
let server: TestServer;
const tokens: Record<string, string> = {};

const docs = {
	lanHousehold: household(LAN, 1),
	hungHousehold: household(HUNG, 2),
	tuanHousehold: household(TUAN, 3),
	lanHeartbeat: heartbeat(LAN, 1),
	hungHeartbeat: heartbeat(HUNG, 2),
	haiHeartbeat: heartbeat(HAI, 3),
	tuanHeartbeat: heartbeat(TUAN, 4)
};
const dbOf = (d: WireDoc) =>
	`c${d.commune}_${d._id.startsWith('hb-') ? 'heartbeats' : 'households'}`;

const visible: Record<string, (keyof typeof docs)[]> = {
	[LAN.username]: ['lanHousehold', 'lanHeartbeat'],
	[HUNG.username]: ['hungHousehold', 'hungHeartbeat'],
	[HAI.username]: [
		'lanHousehold',
		'hungHousehold',
		'lanHeartbeat',
		'hungHeartbeat',
		'haiHeartbeat'
	],
	[TUAN.username]: ['tuanHousehold', 'tuanHeartbeat']
};
const users: Author[] = [LAN, HUNG, HAI, TUAN];

beforeAll(async () => {
	server = await startTestServer();
	for (const u of users) tokens[u.username] = (await login(server.url, u.username)).token;
	for (const d of Object.values(docs)) {
		const res = await call(server.url, `/db/${dbOf(d)}/${d._id}`, {
			method: 'PUT',
			headers: basic(ADMIN.username, ADMIN.password),
			body: d
		});
		expect(res.status, JSON.stringify(res.body)).toBe(201);
	}
});
afterAll(() => server.stop());

type Reader = (
	token: string,
	db: string,
	ids: string[]
) => Promise<{ status: number; ids: string[] }>;

const readers: Record<string, Reader> = {
	'_changes normal': async (t, db) => {
		const r = await call(server.url, `/db/${db}/_changes?include_docs=true&style=all_docs`, {
			headers: bearer(t)
		});
		return { status: r.status, ids: r.body.results?.map((x: { id: string }) => x.id) ?? [] };
	},
	'_changes longpoll': async (t, db) => {
		const r = await call(
			server.url,
			`/db/${db}/_changes?feed=longpoll&since=0&include_docs=true&timeout=1000`,
			{ headers: bearer(t) }
		);
		return { status: r.status, ids: r.body.results?.map((x: { id: string }) => x.id) ?? [] };
	},
	'_changes POST _doc_ids': async (t, db, ids) => {
		const r = await call(server.url, `/db/${db}/_changes?filter=_doc_ids`, {
			headers: bearer(t),
			body: { doc_ids: ids }
		});
		return { status: r.status, ids: r.body.results?.map((x: { id: string }) => x.id) ?? [] };
	},
	'_all_docs GET': async (t, db) => {
		const r = await call(server.url, `/db/${db}/_all_docs?include_docs=true`, {
			headers: bearer(t)
		});
		return { status: r.status, ids: r.body.rows?.map((x: { id: string }) => x.id) ?? [] };
	},
	'_all_docs POST keys': async (t, db, ids) => {
		const r = await call(server.url, `/db/${db}/_all_docs`, {
			headers: bearer(t),
			body: { keys: ids, include_docs: true }
		});
		return {
			status: r.status,
			ids:
				r.body.rows?.filter((x: { doc?: unknown }) => x.doc).map((x: { id: string }) => x.id) ?? []
		};
	},
	'GET doc': async (t, db, ids) => {
		const found: string[] = [];
		let status = 200;
		for (const id of ids) {
			const r = await call(server.url, `/db/${db}/${id}?revs=true`, { headers: bearer(t) });
			if (r.status === 200) found.push(r.body._id);
			else if (r.status !== 404) status = r.status;
		}
		return { status, ids: found };
	},
	'GET open_revs=all': async (t, db, ids) => {
		const found: string[] = [];
		let status = 200;
		for (const id of ids) {
			const r = await call(server.url, `/db/${db}/${id}?open_revs=all&revs=true`, {
				headers: { ...bearer(t), accept: 'application/json' }
			});
			if (r.status === 200)
				found.push(
					...r.body.filter((x: { ok?: WireDoc }) => x.ok).map((x: { ok: WireDoc }) => x.ok._id)
				);
			else if (r.status !== 404) status = r.status;
		}
		return { status, ids: found };
	},
	_bulk_get: async (t, db, ids) => {
		const r = await call(server.url, `/db/${db}/_bulk_get?revs=true`, {
			headers: bearer(t),
			body: { docs: ids.map((id) => ({ id })) }
		});
		const found =
			r.body.results?.flatMap((x: { docs: { ok?: WireDoc }[] }) =>
				x.docs.filter((d) => d.ok).map((d) => d.ok!._id)
			) ?? [];
		return { status: r.status, ids: found };
	}
};

describe.each(users)('reads as $username', (user) => {
	const dbs = ['c25657_households', 'c25657_heartbeats', 'c25666_households', 'c25666_heartbeats'];
	describe.each(Object.keys(readers))('%s', (path) => {
		it.each(dbs)('%s shows exactly the documents in scope', async (db) => {
			const all = Object.values(docs)
				.filter((d) => dbOf(d) === db)
				.map((d) => d._id);
			const expected = visible[user.username]
				.map((k) => docs[k]._id)
				.filter((id) => all.includes(id));
			const res = await readers[path](tokens[user.username], db, all);
			if (db.slice(1, 6) !== user.commune) {
				expect(res.status).toBe(403);
				expect(res.ids).toEqual([]);
			} else {
				expect(res.status).toBe(200);
				expect(res.ids.sort()).toEqual(expected.sort());
			}
		});
	});
});

describe('writes outside scope are refused per document', () => {
	const write = (who: Author, doc: WireDoc) =>
		call(server.url, `/db/${dbOf(doc)}/_bulk_docs`, {
			headers: bearer(tokens[who.username]),
			body: { docs: [doc] }
		});

	it.each([
		['volunteer, own hamlet', LAN, () => household(LAN, 100), 'ok'],
		[
			'volunteer, other hamlet',
			LAN,
			() => household({ ...LAN, hamlet: HUNG.hamlet }, 101),
			'policy.hamlet'
		],
		[
			'volunteer, moving a record of another hamlet into own',
			LAN,
			() => ({ ...docs.hungHousehold, hamlet: LAN.hamlet, updatedBy: LAN.username }),
			'policy.hamlet'
		],
		[
			'volunteer, another user’s heartbeat',
			LAN,
			() => ({ ...heartbeat(HUNG, 50), updatedBy: LAN.username }),
			'policy.own'
		],
		[
			'volunteer, approving',
			LAN,
			() => household(LAN, 102, { review: { status: 'approved', notes: [], history: [] } }),
			'policy.review'
		],
		[
			'volunteer, posing as another writer',
			LAN,
			() => household(LAN, 103, { updatedBy: HUNG.username }),
			'policy.updatedBy'
		],
		[
			'official, any hamlet of the commune',
			HAI,
			() =>
				household({ ...HUNG, username: HAI.username }, 104, {
					review: { status: 'approved', notes: [], history: [] }
				}),
			'ok'
		],
		['official, own heartbeat', HAI, () => heartbeat(HAI, 105), 'ok']
	] as const)('%s', async (_label, who, make, expected) => {
		const res = await write(who, make());
		expect(res.status).toBe(201);
		if (expected === 'ok') expect(res.body[0].ok).toBe(true);
		else {
			expect(res.body[0].error).toBe('forbidden');
			expect(res.body[0].reason).toContain(`[${expected}]`);
		}
	});

	it('_revs_diff does not reveal which revisions of out-of-scope records exist', async () => {
		const rev = (
			await call(server.url, `/db/c25657_households/${docs.hungHousehold._id}`, {
				headers: bearer(tokens[HUNG.username])
			})
		).body._rev;
		const body = { [docs.hungHousehold._id]: [rev], [docs.lanHousehold._id]: ['9-abc'] };
		const asLan = await call(server.url, '/db/c25657_households/_revs_diff', {
			headers: bearer(tokens[LAN.username]),
			body
		});
		expect(asLan.body[docs.hungHousehold._id]).toEqual({ missing: [rev] });
		expect(asLan.body[docs.lanHousehold._id]).toEqual({ missing: ['9-abc'] });
		const asHung = await call(server.url, '/db/c25657_households/_revs_diff', {
			headers: bearer(tokens[HUNG.username]),
			body
		});
		expect(asHung.body[docs.hungHousehold._id]).toBeUndefined();
	});

	it('another commune’s database refuses the whole request', async () => {
		const res = await call(server.url, '/db/c25666_households/_bulk_docs', {
			headers: bearer(tokens[LAN.username]),
			body: { docs: [household(TUAN, 106)] }
		});
		expect(res.status).toBe(403);
	});

	it('a document of another commune is refused in one’s own database', async () => {
		const doc = household({ ...LAN, commune: '25666' }, 107);
		const res = await call(server.url, '/db/c25657_households/_bulk_docs', {
			headers: bearer(tokens[LAN.username]),
			body: { docs: [doc] }
		});
		expect(res.body[0].error).toBe('forbidden');
		expect(res.body[0].reason).toMatch(/^commune: /);
	});

	it('deleting a record of another hamlet is refused (scope of the previous revision)', async () => {
		const current = await call(server.url, `/db/c25657_households/${docs.hungHousehold._id}`, {
			headers: bearer(tokens[HUNG.username])
		});
		const res = await call(
			server.url,
			`/db/c25657_households/${docs.hungHousehold._id}?rev=${current.body._rev}`,
			{
				method: 'DELETE',
				headers: bearer(tokens[LAN.username])
			}
		);
		expect(res.status).toBe(403);
		expect(res.body.reason).toContain('[policy.hamlet]');
	});
});

describe('server-level endpoints are closed to non-admins', () => {
	it.each([
		['GET', '/db/_all_dbs'],
		['GET', '/db/_config'],
		['GET', '/db/_users/_all_docs'],
		['GET', '/db/_session'],
		['PUT', '/db/newdb'],
		['PUT', '/db/c25657_households'],
		['DELETE', '/db/c25657_households'],
		['GET', '/db/c25657_households/_security'],
		['PUT', '/db/c25657_households/_security'],
		['POST', '/db/c25657_households/_temp_view'],
		['GET', '/db/c25657_households/_design/x'],
		['GET', '/db/tramso_directory/_all_docs']
	])('%s %s as official → 403', async (method, path) => {
		const res = await call(server.url, path, {
			method,
			headers: bearer(tokens[HAI.username]),
			body: method === 'GET' || method === 'DELETE' ? undefined : {}
		});
		expect(res.status).toBe(403);
	});

	it('no credentials → 401 everywhere under /db but its root, which answers as CouchDB’s', async () => {
		for (const path of ['/db/_all_dbs', '/db/c25657_households/_changes', '/db/scratch']) {
			expect((await call(server.url, path)).status).toBe(401);
		}
		const root = await call(server.url, '/db/');
		expect(root.status).toBe(200);
		expect(root.body).toMatchObject({ couchdb: 'Welcome' });
	});

	it('the admin can list databases, and the server’s own databases stay unreachable', async () => {
		const res = await call(server.url, '/db/_all_dbs', {
			headers: basic(ADMIN.username, ADMIN.password)
		});
		expect(res.status).toBe(200);
		expect(res.body).toContain('c25657_households');
		const dir = await call(server.url, '/db/tramso_directory/_all_docs', {
			headers: basic(ADMIN.username, ADMIN.password)
		});
		expect(JSON.stringify(dir.body)).not.toContain('user:');
	});

	it('not even the admin can delete a client database or write design documents', async () => {
		const admin = basic(ADMIN.username, ADMIN.password);
		expect(
			(await call(server.url, '/db/c25657_households', { method: 'DELETE', headers: admin })).status
		).toBe(403);
		expect(
			(await call(server.url, '/db/c25657_households/_all_docs', { headers: admin })).status
		).toBe(200);
		expect((await call(server.url, '/db/scratch', { method: 'PUT', headers: admin })).status).toBe(
			201
		);
		expect(
			(await call(server.url, '/db/scratch/_design/x', { method: 'PUT', headers: admin, body: {} }))
				.status
		).toBe(403);
		// Attachments of raw databases behave as CouchDB's (conformance.test.ts); a volunteer's
		// collections take none.
		expect(
			(
				await call(server.url, '/db/c25657_households/doc/file.txt', {
					method: 'PUT',
					headers: bearer(tokens[LAN.username]),
					body: {}
				})
			).status
		).toBe(403);
		const multipart = await call(server.url, '/db/scratch/doc', {
			method: 'POST',
			headers: { ...admin, 'content-type': 'multipart/form-data; boundary=x' },
			body: {}
		});
		expect(multipart.status).toBe(415);
	});
});
