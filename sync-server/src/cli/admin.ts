import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Directory } from '../directory/directory.ts';
import { DirectoryError } from '../directory/errors.ts';
import { parseCsv } from '../directory/csv.ts';
import { parseUnitCatalogue } from '../directory/units.ts';
import { CatalogueError, loadCatalogue } from '../procedures/load.ts';
import { ProcedureStore } from '../procedures/store.ts';
import { CalendarStore } from '../procedures/calendar.ts';
import { SESSION_TTL_MS, runningServer } from '../server.ts';
import { Admin } from '../services/admin.ts';
import { Audit } from '../services/audit.ts';
import { Sessions } from '../services/sessions.ts';
import { openStorage, type Storage } from '../storage/index.ts';
import { openMapStore } from '../storage/maps.ts';
import { checkArchive } from '../maps/archive.ts';

const USAGE = `Usage: npm run admin -- <command> [options]   (uses DATA_DIR or COUCHDB_URL)

  units import FILE                      load the national unit catalogue (JSON)
  procedures import FILE                 load a newer procedure catalogue (JSON), refused if invalid
  calendar import FILE                   load a newer working-day calendar (JSON), refused if invalid
  commune add CODE [--name N]            add a commune of the catalogue and create its databases
  commune list [--json]
  hamlet add --commune CODE --id ID --name NAME [--from YYYY-MM-DD] [--to YYYY-MM-DD]
  hamlet import FILE --commune CODE      CSV, UTF-8, header: id,name[,validFrom,validTo]
  hamlet list --commune CODE [--json]
  user add --username U --password P --role volunteer|official|admin [--commune CODE] [--hamlets ID,ID] [--name NAME]
  user list [--json]
  user passwd --username U --password P
  user disable --username U
  user enable --username U
  map import CODE FILE                   set the commune's map pack (PMTiles v3, e.g. cut from OpenStreetMap)
  repair DB                              quarantine documents of DB no reader can load (embedded store)`;

class UsageError extends Error {}

/** Who the audit log names for a command-line action: the system account that ran it. */
function cliActor(): string {
	try {
		return `cli:${userInfo().username}`;
	} catch {
		return 'cli';
	}
}

const OPTIONS = {
	json: { type: 'boolean' },
	name: { type: 'string' },
	commune: { type: 'string' },
	id: { type: 'string' },
	from: { type: 'string' },
	to: { type: 'string' },
	username: { type: 'string' },
	password: { type: 'string' },
	role: { type: 'string' },
	hamlets: { type: 'string' },
	help: { type: 'boolean', short: 'h' }
} as const;

type Values = ReturnType<
	typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

function need(values: Values, name: keyof Values): string {
	const v = values[name];
	if (typeof v !== 'string' || v === '') throw new UsageError(`missing --${name}`);
	return v;
}

function table(rows: Record<string, unknown>[]): string {
	if (rows.length === 0) return '(none)';
	return [
		Object.keys(rows[0]).join('\t'),
		...rows.map((r) =>
			Object.values(r)
				.map((v) => (Array.isArray(v) ? v.join(',') : String(v ?? '-')))
				.join('\t')
		)
	].join('\n');
}

async function run(args: string[], out: (s: string) => void): Promise<void> {
	const { values, positionals } = parseArgs({
		args,
		options: OPTIONS,
		allowPositionals: true,
		strict: true
	});
	const [group, action, arg, arg2] = positionals;
	if (values.help || !group) return out(USAGE);
	const couchdbUrl = process.env.COUCHDB_URL || undefined;
	const dataDir = resolve(process.env.DATA_DIR ?? './data');
	if (!couchdbUrl) {
		const running = runningServer(dataDir);
		// LevelDB allows one process per directory: a second opener would fail or corrupt.
		if (running) {
			throw new DirectoryError(
				'conflict',
				`the server (pid ${running.pid}) is running on ${dataDir}; use its admin API at ${running.url}/api/admin or stop it first`
			);
		}
	}
	const storage: Storage = await openStorage({ dataDir, couchdbUrl });
	try {
		const now = () => new Date();
		const dir = await Directory.open(storage, now);
		const sessions = new Sessions(await storage.internalDb('tramso_sessions'), now, SESSION_TTL_MS);
		const admin = new Admin(dir, sessions, new Audit(await storage.internalDb('tramso_audit')));
		const by = cliActor();
		const print = (rows: Record<string, unknown>[]) =>
			out(values.json ? JSON.stringify(rows, null, 2) : table(rows));
		if (group === 'repair') return out(await repair(storage, action));
		switch (`${group} ${action ?? ''}`) {
			case 'units import': {
				if (!arg) throw new UsageError('missing FILE');
				const units = parseUnitCatalogue(JSON.parse(readFileSync(arg, 'utf8')));
				const n = await admin.importUnits(units, by);
				return out(`imported ${n} units`);
			}
			case 'procedures import': {
				if (!arg) throw new UsageError('missing FILE');
				const catalogue = loadCatalogue(arg);
				const store = await ProcedureStore.open(storage);
				const done = await store.import(catalogue, new Date().toISOString());
				return out(
					`${done === 'imported' ? 'imported' : 'already imported:'} procedure catalogue version ${catalogue.version} (${catalogue.procedures.length} procedures)`
				);
			}
			case 'calendar import': {
				if (!arg) throw new UsageError('missing FILE');
				const store = await CalendarStore.open(storage);
				const done = await store.import(
					JSON.parse(readFileSync(arg, 'utf8')),
					new Date().toISOString()
				);
				const { version } = await store.current();
				return out(
					`${done === 'imported' ? 'imported' : 'already imported:'} work calendar version ${version}`
				);
			}
			case 'commune add': {
				const c = await admin.addCommune(
					{ code: arg ?? need(values, 'commune'), name: values.name },
					by
				);
				return out(`added commune ${c.code} ${c.name} (province ${c.province}, ${c.unitType})`);
			}
			case 'commune list':
				return print(await dir.listCommunes());
			case 'hamlet add': {
				const h = await admin.addHamlet(
					{
						commune: need(values, 'commune'),
						id: need(values, 'id'),
						name: need(values, 'name'),
						...(values.from ? { validFrom: values.from } : {}),
						...(values.to ? { validTo: values.to } : {})
					},
					by
				);
				return out(`added hamlet ${h.id} ${h.name} to commune ${h.commune}`);
			}
			case 'hamlet import': {
				if (!arg) throw new UsageError('missing FILE');
				const commune = need(values, 'commune');
				const rows = parseCsv(readFileSync(arg, 'utf8'));
				let n = 0;
				for (const [i, row] of rows.entries()) {
					try {
						await admin.addHamlet(
							{
								commune,
								id: row.id,
								name: row.name,
								...(row.validFrom ? { validFrom: row.validFrom } : {}),
								...(row.validTo ? { validTo: row.validTo } : {})
							},
							by,
							true
						);
						n++;
					} catch (err) {
						if (err instanceof DirectoryError)
							throw new DirectoryError(err.code, `CSV line ${i + 2}: ${err.message}`);
						throw err;
					}
				}
				return out(`imported ${n} hamlets into commune ${commune}`);
			}
			case 'hamlet list':
				return print(await dir.listHamlets(need(values, 'commune')));
			case 'user add': {
				const u = await admin.addUser(
					{
						username: need(values, 'username'),
						password: need(values, 'password'),
						role: need(values, 'role'),
						commune: values.commune ?? null,
						hamlets: values.hamlets
							? values.hamlets
									.split(',')
									.map((h) => h.trim())
									.filter(Boolean)
							: [],
						displayName: values.name
					},
					by
				);
				return out(`added ${u.role} ${u.username}`);
			}
			case 'user list':
				return print(await dir.listUsers());
			case 'user passwd':
				await admin.setPassword(need(values, 'username'), need(values, 'password'), by);
				return out('password changed');
			case 'user disable':
			case 'user enable':
				await admin.setDisabled(need(values, 'username'), action === 'disable', by);
				return out(`user ${action}d`);
			case 'map import': {
				if (!arg || !arg2) throw new UsageError('usage: map import CODE FILE');
				if (!(await dir.commune(arg)))
					throw new DirectoryError('not_found', `unknown commune ${arg}: add it first`);
				const check = await checkArchive(arg2);
				if (!check.ok)
					throw new DirectoryError(
						'invalid',
						`${arg2} is not a usable PMTiles archive: ${check.reason}`
					);
				const pack = await openMapStore({ dataDir, couchdbUrl }).put(arg, arg2, 'import');
				return out(
					`map pack of ${arg}: ${pack.bytes} bytes, zoom ${check.header.minZoom}-${check.header.maxZoom}, sha256 ${pack.sha256}`
				);
			}
			default:
				throw new UsageError(`unknown command: ${positionals.join(' ')}`);
		}
	} finally {
		await storage.close();
	}
}

async function repair(storage: Storage, db: string | undefined): Promise<string> {
	if (!db) throw new UsageError('missing DB');
	const report = await storage.repair(db, new Date());
	if (report.quarantined.length === 0) {
		return `nothing to repair in ${db} (${report.checked} documents checked)`;
	}
	return [
		...report.quarantined.map((q) => `quarantined ${q.id} (${q.reason})`),
		`${db}: ${report.quarantined.length} of ${report.checked} documents moved to tramso_quarantine; ` +
			'the others keep their revisions and sequences; _local checkpoints start over'
	].join('\n');
}

run(process.argv.slice(2), (s) => console.log(s))
	.then(() => process.exit(0))
	.catch((err: unknown) => {
		if (
			err instanceof UsageError ||
			(err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
		) {
			console.error(`error: ${(err as Error).message}\n\n${USAGE}`);
			process.exit(2);
		}
		const known =
			err instanceof DirectoryError ||
			err instanceof CatalogueError ||
			err instanceof SyntaxError ||
			(err as { code?: string }).code === 'ENOENT';
		console.error(`error: ${known ? (err as Error).message : (err as Error).stack}`);
		process.exit(1);
	});
