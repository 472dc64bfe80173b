import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { adminCli, basic, call, login, startTestServer } from '../helpers/server.ts';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const dataDir = mkdtempSync(join(tmpdir(), 'tramso-cli-'));
const UNITS = join(ROOT, 'static-data/vn-units/vn-units-2026-07-25.json');

const admin = (...args: string[]) => adminCli(dataDir, ...args);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm run admin', () => {
	it('sets up a commune from the unit catalogue, with hamlets and users', async () => {
		expect((await admin('units', 'import', UNITS)).stdout).toContain('imported 3355 units');
		const added = await admin('commune', 'add', '25657');
		expect(added.code).toBe(0);
		expect(added.stdout).toContain('Xã Thạnh Đức');
		const csv = join(dataDir, 'hamlets.csv');
		writeFileSync(
			csv,
			'\uFEFFid,name,validFrom\r\nap-ben-cho,"Ấp Bến Chò",2025-07-01\r\nap-bong-trang,Ấp Bông Trang,\r\n'
		);
		expect((await admin('hamlet', 'import', csv, '--commune', '25657')).stdout).toContain(
			'imported 2 hamlets'
		);
		const hamlets = JSON.parse(
			(await admin('hamlet', 'list', '--commune', '25657', '--json')).stdout
		);
		expect(hamlets.map((h: { name: string }) => h.name)).toEqual(['Ấp Bến Chò', 'Ấp Bông Trang']);
		const user = await admin(
			'user',
			'add',
			'--username',
			'tnv.nga',
			'--password',
			'mat-khau-nga',
			'--role',
			'volunteer',
			'--commune',
			'25657',
			'--hamlets',
			'ap-bong-trang'
		);
		expect(user.code).toBe(0);
		const users = JSON.parse((await admin('user', 'list', '--json')).stdout);
		expect(users).toEqual([
			expect.objectContaining({
				username: 'tnv.nga',
				role: 'volunteer',
				hamlets: ['ap-bong-trang'],
				disabled: false
			})
		]);
		expect(JSON.stringify(users)).not.toContain('scrypt');
		expect(
			(await admin('user', 'passwd', '--username', 'tnv.nga', '--password', 'mat-khau-moi')).code
		).toBe(0);
		expect(JSON.parse((await admin('commune', 'list', '--json')).stdout)).toEqual([
			{ code: '25657', name: 'Xã Thạnh Đức', province: '80', unitType: 'Xã' }
		]);
	});

	it('fails clearly, with a non-zero exit code, on bad arguments', async () => {
		const cases = [
			[['commune', 'add', '99999'], /not in the unit catalogue/],
			[
				[
					'user',
					'add',
					'--username',
					'x.yz',
					'--password',
					'short',
					'--role',
					'volunteer',
					'--commune',
					'25657',
					'--hamlets',
					'ap-ben-cho'
				],
				/password/
			],
			[
				[
					'user',
					'add',
					'--username',
					'tnv.b',
					'--password',
					'longenough',
					'--role',
					'volunteer',
					'--commune',
					'25657'
				],
				/volunteer needs hamlets/
			],
			[
				[
					'user',
					'add',
					'--username',
					'tnv.c',
					'--password',
					'longenough',
					'--role',
					'volunteer',
					'--commune',
					'25657',
					'--hamlets',
					'ap-khong-co'
				],
				/hamlet ap-khong-co does not exist/
			],
			[['hamlet', 'list'], /missing --commune/],
			[['user', 'disable', '--username', 'nobody'], /does not exist/],
			[['frobnicate'], /unknown command/],
			[['user', 'list', '--colour'], /Unknown option/]
		] as const;
		for (const [args, message] of cases) {
			const res = await admin(...args);
			expect(res.code, args.join(' ')).not.toBe(0);
			expect(res.stderr).toMatch(message);
		}
	});

	it('refuses to touch the data directory while the server runs, and the server sees the CLI’s users', async () => {
		const qt = ['--username', 'quan.tri', '--password', 'mat-khau-quan-tri', '--role', 'admin'];
		expect((await admin('user', 'add', ...qt)).code).toBe(0);
		const server = await startTestServer({ dataDir, demo: false });
		try {
			const res = await admin('user', 'list');
			expect(res.code).not.toBe(0);
			expect(res.stderr).toContain('/api/admin');
			const session = await login(server.url, 'tnv.nga', 'mat-khau-moi');
			expect(session.databases.households).toBe('/db/c25657_households/');
			expect(
				(
					await call(server.url, '/api/session', {
						body: { username: 'tnv.nga', password: 'mat-khau-nga' }
					})
				).status
			).toBe(401);

			// What the command line did is in the audit log, named after the system account.
			const headers = basic('quan.tri', 'mat-khau-quan-tri');
			const log = (path: string) =>
				call(server.url, path, { headers }).then((r) =>
					r.body.entries.map((e: { action: string; subject?: string; by: string }) => [
						e.action,
						e.subject,
						e.by
					])
				);
			const by = `cli:${userInfo().username}`;
			expect(await log('/api/communes/25657/audit')).toEqual([
				['user.password', 'tnv.nga', by],
				['user.add', 'tnv.nga', by],
				['hamlet.add', 'ap-bong-trang', by],
				['hamlet.add', 'ap-ben-cho', by],
				['commune.add', '25657', by]
			]);
			expect(await log('/api/admin/audit')).toEqual([
				['user.add', 'quan.tri', by],
				['units.import', undefined, by]
			]);
		} finally {
			await server.stop({ keepData: true });
		}
		expect((await admin('user', 'disable', '--username', 'tnv.nga')).code).toBe(0);
	});
});
