import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PouchDB from 'pouchdb-node';
import { expect } from 'vitest';
import { LAN, household } from '../../helpers/docs.ts';
import { DEMO_PASSWORD, call, type TestServer } from '../../helpers/server.ts';

/** Whether the server process still exists (a crash or `process.exit` removes it). */
export function alive(server: TestServer): boolean {
	try {
		process.kill(server.pid, 0);
		return true;
	} catch {
		return false;
	}
}

let round = 0;

/**
 * After each class of hostile input: the process lives, `/api/health` answers, and a
 * volunteer's normal sync (PouchDB's own replication, push then pull) still works.
 */
export async function expectStillServing(server: TestServer): Promise<void> {
	expect(alive(server), server.output().slice(-3000)).toBe(true);
	const health = await call(server.url, '/api/health');
	expect(health.status).toBe(200);
	expect(health.body.ok).toBe(true);
	const dir = mkdtempSync(join(tmpdir(), 'tramso-hostile-phone-'));
	const local = new PouchDB(join(dir, 'phone'));
	const remote = new PouchDB(`${server.url}/db/c25657_households`, {
		auth: { username: LAN.username, password: DEMO_PASSWORD },
		skip_setup: true
	});
	try {
		const doc = household(LAN, 900_000 + round++);
		await local.put(doc);
		const push = await local.replicate.to(remote);
		expect(push.doc_write_failures, JSON.stringify(push.errors)).toBe(0);
		expect(push.docs_written).toBe(1);
		const fresh = new PouchDB(join(dir, 'second-phone'));
		const pull = await fresh.replicate.from(remote);
		expect(pull.ok).toBe(true);
		expect(((await fresh.get(doc._id)) as { hamlet?: string }).hamlet).toBe(LAN.hamlet);
		await fresh.close();
	} finally {
		await local.close();
		await remote.close();
		rmSync(dir, { recursive: true, force: true });
	}
}
