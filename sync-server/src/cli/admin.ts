import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Directory } from '../directory/directory.ts';
import { DirectoryError } from '../directory/errors.ts';
import { parseCsv } from '../directory/csv.ts';
import { parseUnitCatalogue } from '../directory/units.ts';
import { runningServer } from '../server.ts';
import { openStorage, type Storage } from '../storage/index.ts';

const USAGE = `Usage: npm run admin -- <command> [options]   (uses DATA_DIR or COUCHDB_URL)

  units import FILE                      load the national unit catalogue (JSON)
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
  repair DB                              quarantine documents of DB no reader can load (embedded store)`;

class UsageError extends Error {}

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
	const [group, action, arg] = positionals;
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
		const dir = await Directory.open(storage);
		const print = (rows: Record<string, unknown>[]) =>
			out(values.json ? JSON.stringify(rows, null, 2) : table(rows));
		if (group === 'repair') return out(await repair(storage, action));
		switch (`${group} ${action ?? ''}`) {
			case 'units import': {
				if (!arg) throw new UsageError('missing FILE');
				const n = await dir.importUnits(parseUnitCatalogue(JSON.parse(readFileSync(arg, 'utf8'))));
				return out(`imported ${n} units`);
			}
			case 'commune add': {
				const c = await dir.addCommune({ code: arg ?? need(values, 'commune'), name: values.name });
				return out(`added commune ${c.code} ${c.name} (province ${c.province}, ${c.unitType})`);
			}
			case 'commune list':
				return print(await dir.listCommunes());
			case 'hamlet add': {
				const h = await dir.addHamlet({
					commune: need(values, 'commune'),
					id: need(values, 'id'),
					name: need(values, 'name'),
					...(values.from ? { validFrom: values.from } : {}),
					...(values.to ? { validTo: values.to } : {})
				});
				return out(`added hamlet ${h.id} ${h.name} to commune ${h.commune}`);
			}
			case 'hamlet import': {
				if (!arg) throw new UsageError('missing FILE');
				const commune = need(values, 'commune');
				const rows = parseCsv(readFileSync(arg, 'utf8'));
				let n = 0;
				for (const [i, row] of rows.entries()) {
					try {
						await dir.addHamlet(
							{
								commune,
								id: row.id,
								name: row.name,
								...(row.validFrom ? { validFrom: row.validFrom } : {}),
								...(row.validTo ? { validTo: row.validTo } : {})
							},
							{ replace: true }
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
				const u = await dir.addUser({
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
				});
				return out(`added ${u.role} ${u.username}`);
			}
			case 'user list':
				return print(await dir.listUsers());
			case 'user passwd':
				await dir.setPassword(need(values, 'username'), need(values, 'password'));
				return out('password changed');
			case 'user disable':
			case 'user enable':
				await dir.setDisabled(need(values, 'username'), action === 'disable');
				return out(`user ${action}d`);
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
			err instanceof SyntaxError ||
			(err as { code?: string }).code === 'ENOENT';
		console.error(`error: ${known ? (err as Error).message : (err as Error).stack}`);
		process.exit(1);
	});
