import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
	CatalogueError,
	loadCatalogue,
	loadStaticData
} from '../../../sync-server/src/procedures/load.ts';
import { ProcedureStore, currentCatalogue } from '../../../sync-server/src/procedures/store.ts';
import { openStorage } from '../../../sync-server/src/storage/index.ts';
import { entry, type Raw } from '../../factories/catalogue.ts';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const SHIPPED = join(ROOT, 'static-data/procedures/catalogue.json');
const dir = mkdtempSync(join(tmpdir(), 'tramso-procedures-'));
const dataDir = join(dir, 'data');

function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((_resolve) => {
		execFile(
			process.execPath,
			['--import', 'tsx', join(ROOT, 'sync-server/src/cli/admin.ts'), ...args],
			{ cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, COUCHDB_URL: '' } },
			(err, stdout, stderr) => _resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr })
		);
	});
}

/** The shipped catalogue with a change, written to a file of the test directory. */
function variant(name: string, change: (json: Raw) => void): string {
	const json = JSON.parse(readFileSync(SHIPPED, 'utf8'));
	change(json);
	const path = join(dir, name);
	writeFileSync(path, JSON.stringify(json));
	return path;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('procedure catalogue loading and import', () => {
	it('loads the shipped catalogue and calendar, as the build and the server do', () => {
		const { catalogue, calendar } = loadStaticData(join(ROOT, 'static-data'));
		expect(catalogue.procedures.length).toBeGreaterThanOrEqual(13);
		expect(calendar.years.map((y) => y.year)).toEqual([2025, 2026, 2027]);
	});

	it('imports a catalogue, keeps it, and takes a newer version after it', async () => {
		const first = await admin('procedures', 'import', SHIPPED);
		expect(first).toMatchObject({
			code: 0,
			stdout: expect.stringContaining('imported procedure catalogue version 1')
		});
		const again = await admin('procedures', 'import', SHIPPED);
		expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('already imported') });
		const v2 = variant('v2.json', (json) => {
			json.version = 2;
			(entry(json.procedures, 'code', 'certified-copy').processingDays as Raw).days = 1;
		});
		expect((await admin('procedures', 'import', v2)).code).toBe(0);
	});

	it('refuses an older version, an invalid file and a file that is not JSON, with what and where', async () => {
		const older = variant('v1-changed.json', (json) => {
			(entry(json.procedures, 'code', 'birth-registration').name as Raw).en = 'Changed';
		});
		const refusedOld = await admin('procedures', 'import', older);
		expect(refusedOld.code).toBe(1);
		expect(refusedOld.stderr).toContain('version 1 is not newer than the imported version 2');

		const invalid = variant('invalid.json', (json) => {
			json.version = 3;
			const death = entry(json.procedures, 'code', 'death-bundle');
			(death.components as Raw[]).push({ code: 'funeral-grant' });
			(entry(death.documents, 'id', 'declarantId').photos as Raw).max = 2;
		});
		const refused = await admin('procedures', 'import', invalid);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('invalid procedure catalogue (2 problems)');
		expect(refused.stderr).toContain('procedures[death-bundle].components[funeral-grant].code');
		expect(refused.stderr).toContain('procedures[death-bundle].documents[declarantId].photos.max');
		expect(refused.stderr).toContain('never photographed');

		const garbage = join(dir, 'garbage.json');
		writeFileSync(garbage, '{"format": "tramso.procedures", ');
		const notJson = await admin('procedures', 'import', garbage);
		expect(notJson.code).toBe(1);
		expect(notJson.stderr).toMatch(/garbage\.json: the procedure catalogue is not JSON/);
		expect((await admin('procedures', 'import', join(dir, 'missing.json'))).stderr).toContain(
			'cannot read'
		);
		expect((await admin('procedures', 'import')).stderr).toContain('missing FILE');
	});

	it('throws a CatalogueError that names the entry and the field', () => {
		const bad = variant('bad-label.json', (json) => {
			delete (entry(json.procedures, 'code', 'birth-registration').name as Raw).vi;
		});
		expect(() => loadCatalogue(bad)).toThrow(CatalogueError);
		expect(() => loadCatalogue(bad)).toThrow(/procedures\[birth-registration\]\.name\.vi/);
	});

	// Last: the embedded store keeps internal databases locked until the process ends.
	it('keeps every imported version, the newest served', async () => {
		const storage = await openStorage({ dataDir });
		try {
			const store = await ProcedureStore.open(storage);
			expect((await store.current())?.version).toBe(2);
			expect((await store.version(1))?.version).toBe(1);
			expect((await currentCatalogue(store, loadCatalogue(SHIPPED))).version).toBe(2);
		} finally {
			await storage.close();
		}
	});
});
