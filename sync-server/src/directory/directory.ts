import { photosDbName } from '../../../src/lib/domain/dossier/index.ts';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { UnitsInfo } from '../../../src/lib/domain/units-diff.ts';
import {
	collections,
	communeSchema,
	hamletSchema,
	passwordSchema,
	remoteDbName,
	userScopeSchema,
	unitSchema,
	type CollectionName,
	type Commune,
	type Hamlet,
	type PublicUser,
	type Unit
} from '../../../src/lib/domain/index.ts';
import type { z } from 'zod';
import { isStorageError, type CouchDoc, type DocDb, type Storage } from '../storage/index.ts';
import { hashPassword } from '../services/passwords.ts';
import { DirectoryError } from './errors.ts';

export interface StoredUser extends PublicUser {
	passwordHash: string;
	disabled: boolean;
	/** Raised by a password change or a disable: every session of an older epoch is void for good. */
	sessionEpoch?: number;
	createdAt: string;
	updatedAt: string;
}

export interface NewUser {
	username: string;
	password: string;
	role: string;
	commune?: string | null;
	hamlets?: string[];
	displayName?: string;
}

const USER_TTL_MS = 5_000;

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
	const r = schema.safeParse(input);
	if (r.success) return r.data;
	const detail = r.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`).join('; ');
	throw new DirectoryError('invalid', `invalid ${what}: ${detail}`);
}

function strip<T>(doc: CouchDoc): T {
	const skip = new Set(['_id', '_rev', 'type']);
	return Object.fromEntries(Object.entries(doc).filter(([k]) => !skip.has(k))) as T;
}

/** Communes, hamlets, users and the unit catalogue, kept in the server's own database. */
export class Directory {
	private users = new Map<string, { user: StoredUser | null; at: number }>();
	private hamletCache = new Map<string, { ids: ReadonlySet<string>; at: number }>();
	private mergeCache = new Map<string, { map: ReadonlyMap<string, string>; at: number }>();

	private constructor(
		private readonly db: DocDb,
		private readonly storage: Storage,
		private readonly now: () => Date
	) {}

	static async open(storage: Storage, now: () => Date = () => new Date()): Promise<Directory> {
		return new Directory(await storage.internalDb('tramso_directory'), storage, now);
	}

	private async upsert(id: string, type: string, body: object, create: boolean) {
		const prev = await this.db.getOrNull(id);
		if (prev && create)
			throw new DirectoryError('conflict', `${id.replace(':', ' ')} already exists`);
		await this.db.put({ ...body, _id: id, ...(prev?._rev ? { _rev: prev._rev } : {}), type });
	}

	private async list<T>(prefix: string): Promise<T[]> {
		const res = await this.db.allDocs({ startkey: prefix, endkey: prefix + '\uffff' });
		return res.rows.flatMap((r) => (r.doc ? [strip<T>(r.doc)] : []));
	}

	// Unit catalogue

	/** Every unit of the catalogue the server holds. */
	listUnits(): Promise<Unit[]> {
		return this.list<Unit>('unit:');
	}

	/** Which catalogue is loaded (`meta:units`, written at each import). */
	async unitsInfo(): Promise<UnitsInfo> {
		const meta = await this.db.getOrNull('meta:units');
		if (meta) return strip<UnitsInfo>(meta);
		const units = await this.listUnits();
		return {
			version: null,
			fingerprint: null,
			provinces: units.filter((u) => u.level === 'province').length,
			communes: units.filter((u) => u.level === 'commune').length,
			importedAt: null,
			importedBy: null
		};
	}

	async importUnits(
		units: Unit[],
		meta: { version?: string | null; by?: string } = {}
	): Promise<number> {
		const existing = new Map(
			(await this.db.allDocs({ startkey: 'unit:', endkey: 'unit:\uffff' })).rows.map((r) => [
				r.key,
				r.value?.rev
			])
		);
		const docs = units.map((u) => {
			const _id = `unit:${u.code}`;
			const _rev = existing.get(_id);
			return { ...parse(unitSchema, u, 'unit'), _id, ...(_rev ? { _rev } : {}), type: 'unit' };
		});
		for (let i = 0; i < docs.length; i += 500) await this.db.bulkDocs(docs.slice(i, i + 500), true);
		const info: UnitsInfo = {
			version: meta.version ?? null,
			fingerprint: unitsFingerprint(units),
			provinces: units.filter((u) => u.level === 'province').length,
			communes: units.filter((u) => u.level === 'commune').length,
			importedAt: this.now().toISOString(),
			importedBy: meta.by ?? null
		};
		const prev = await this.db.getOrNull('meta:units');
		await this.db.put({ ...info, _id: 'meta:units', ...(prev ? { _rev: prev._rev } : {}) });
		return docs.length;
	}

	async unit(code: string): Promise<Unit | null> {
		const doc = await this.db.getOrNull(`unit:${code}`);
		return doc ? strip<Unit>(doc) : null;
	}

	async hasUnits(): Promise<boolean> {
		const res = await this.db.allDocs({ startkey: 'unit:', endkey: 'unit:\uffff', limit: 1 });
		return res.rows.length > 0;
	}

	// Communes

	/** Adds a commune of the catalogue and creates its databases. */
	async addCommune(input: { code: string; name?: string; province?: string; unitType?: string }) {
		const unit = await this.unit(String(input.code ?? ''));
		if (!unit || unit.level !== 'commune') {
			throw new DirectoryError(
				'unknown_unit',
				`commune code ${input.code} is not in the unit catalogue (run: units import FILE)`
			);
		}
		const commune = parse(
			communeSchema,
			{
				code: unit.code,
				name: input.name ?? unit.name,
				province: input.province ?? unit.province,
				unitType: input.unitType ?? unit.unitType
			},
			'commune'
		);
		await this.upsert(`commune:${commune.code}`, 'commune', commune, true);
		await this.ensureDatabases(commune.code);
		return commune;
	}

	/** Sets the commune's account for fees by bank transfer; refused when it is not a valid account. */
	async setFeeAccount(code: string, account: unknown): Promise<Commune> {
		const current = await this.commune(code);
		if (!current) throw new DirectoryError('not_found', `commune ${code} is not set up`);
		const commune = parse(communeSchema, { ...current, feeAccount: account }, 'commune');
		await this.upsert(`commune:${code}`, 'commune', commune, false);
		return commune;
	}

	async ensureDatabases(code: string) {
		for (const name of Object.keys(collections) as CollectionName[]) {
			await this.storage.createDb(remoteDbName(code, name));
		}
		await this.storage.createDb(photosDbName(code));
	}

	/** Creates missing databases, e.g. for collections added to the registry since. */
	async ensureAllDatabases() {
		for (const c of await this.listCommunes()) await this.ensureDatabases(c.code);
	}

	async commune(code: string): Promise<Commune | null> {
		const doc = await this.db.getOrNull(`commune:${code}`);
		return doc ? strip<Commune>(doc) : null;
	}

	listCommunes(): Promise<Commune[]> {
		return this.list<Commune>('commune:');
	}

	// Hamlets

	async addHamlet(input: Partial<Hamlet>, opts: { replace?: boolean } = {}): Promise<Hamlet> {
		const hamlet = parse(
			hamletSchema,
			{ validFrom: this.now().toISOString().slice(0, 10), validTo: null, ...input },
			'hamlet'
		);
		if (!(await this.commune(hamlet.commune))) {
			throw new DirectoryError('not_found', `commune ${hamlet.commune} does not exist`);
		}
		// A replacing import (a CSV of the current hamlets) does not wipe the names they had.
		const kept =
			opts.replace && !hamlet.formerNames ? await this.hamlet(hamlet.commune, hamlet.id) : null;
		const stored = kept?.formerNames ? { ...hamlet, formerNames: kept.formerNames } : hamlet;
		await this.upsert(`hamlet:${hamlet.commune}:${hamlet.id}`, 'hamlet', stored, !opts.replace);
		this.hamletCache.delete(hamlet.commune);
		this.mergeCache.delete(hamlet.commune);
		return stored;
	}

	/** The old name is kept with the day the new one took effect. */
	async renameHamlet(commune: string, id: string, name: string, from?: string): Promise<Hamlet> {
		const current = await this.hamlet(commune, id);
		if (!current) throw new DirectoryError('not_found', `hamlet ${id} does not exist`);
		const until = from ?? this.now().toISOString().slice(0, 10);
		if (until < current.validFrom)
			throw new DirectoryError('invalid', `the new name cannot start before ${current.validFrom}`);
		const last = current.formerNames?.at(-1)?.until;
		if (last !== undefined && until < last)
			throw new DirectoryError('invalid', `the new name cannot start before the last one, ${last}`);
		if (name === current.name)
			throw new DirectoryError('conflict', `hamlet ${id} is already named ${name}`);
		const formerNames = [...(current.formerNames ?? []), { name: current.name, until }];
		return this.saveHamlet({ ...current, name, formerNames });
	}

	/** Sets the last day the hamlet exists; its records and history stay. */
	async retireHamlet(commune: string, id: string, validTo: string): Promise<Hamlet> {
		const current = await this.hamlet(commune, id);
		if (!current) throw new DirectoryError('not_found', `hamlet ${id} does not exist`);
		if (current.validTo !== null)
			throw new DirectoryError(
				'conflict',
				`hamlet ${id} was already retired on ${current.validTo}`
			);
		const serving = (await this.list<StoredUser>('user:')).filter(
			(u) => u.commune === commune && !u.disabled && u.hamlets.includes(id)
		);
		if (serving.length > 0) {
			const names = serving.map((u) => u.username).join(', ');
			throw new DirectoryError('conflict', `hamlet ${id} is still served by ${names}`);
		}
		return this.saveHamlet({ ...current, validTo });
	}

	/**
	 * Checks that `from` can merge into `into`: two live hamlets of the commune, `on` not before
	 * either began. Returns both and the users who serve `from`.
	 */
	async checkMerge(commune: string, from: string, into: string, on: string) {
		if (from === into) throw new DirectoryError('invalid', 'a hamlet cannot merge into itself');
		const [a, b] = await Promise.all([this.hamlet(commune, from), this.hamlet(commune, into)]);
		if (!a) throw new DirectoryError('not_found', `hamlet ${from} does not exist`);
		if (!b) throw new DirectoryError('invalid', `hamlet ${into} does not exist in this commune`);
		for (const h of [a, b]) {
			if (h.validTo !== null && !(h === a && h.mergedInto === into)) {
				throw new DirectoryError('conflict', `hamlet ${h.id} was retired on ${h.validTo}`);
			}
			if (on < h.validFrom) {
				throw new DirectoryError('invalid', `the merge day cannot be before ${h.validFrom}`);
			}
		}
		const serving = (await this.list<StoredUser>('user:')).filter(
			(u) => u.commune === commune && u.hamlets.includes(from)
		);
		return { from: a, into: b, serving };
	}

	/**
	 * Moves the users of `from` to `into` and retires `from` as merged. Run again after a crash,
	 * it finishes what is left (the hamlet already merged into the same one is accepted).
	 */
	async mergeHamlet(o: { commune: string; from: string; into: string; on: string; by: string }) {
		const { commune, from, into, on, by } = o;
		const checked = await this.checkMerge(commune, from, into, on);
		for (const u of checked.serving) {
			const hamlets = [...new Set(u.hamlets.map((h) => (h === from ? into : h)))];
			await this.updateUser(u.username, { hamlets }, { endSessions: false });
		}
		const hamlet =
			checked.from.mergedInto === into
				? checked.from
				: await this.saveHamlet({ ...checked.from, validTo: on, mergedInto: into, mergedBy: by });
		return { hamlet, users: checked.serving.map((u) => u.username) };
	}

	/** Merged hamlet → the live hamlet its records belong to now (chains followed), cached. */
	async mergedInto(commune: string): Promise<ReadonlyMap<string, string>> {
		const hit = this.mergeCache.get(commune);
		if (hit && Date.now() - hit.at < USER_TTL_MS) return hit.map;
		const direct = new Map<string, string>();
		for (const h of await this.listHamlets(commune)) {
			if (h.mergedInto) direct.set(h.id, h.mergedInto);
		}
		const map = new Map<string, string>();
		for (const id of direct.keys()) {
			let to = direct.get(id)!;
			// A chain is at most as long as the hamlets; a cycle (hand-edited data) stops there.
			for (let i = 0; i < direct.size && direct.has(to); i++) to = direct.get(to)!;
			if (to !== id) map.set(id, to);
		}
		this.mergeCache.set(commune, { map, at: Date.now() });
		return map;
	}

	private async saveHamlet(input: Hamlet): Promise<Hamlet> {
		const hamlet = parse(hamletSchema, input, 'hamlet');
		await this.upsert(`hamlet:${hamlet.commune}:${hamlet.id}`, 'hamlet', hamlet, false);
		this.hamletCache.delete(hamlet.commune);
		this.mergeCache.delete(hamlet.commune);
		return hamlet;
	}

	async hamlet(commune: string, id: string): Promise<Hamlet | null> {
		const doc = await this.db.getOrNull(`hamlet:${commune}:${id}`);
		return doc ? strip<Hamlet>(doc) : null;
	}

	listHamlets(commune: string): Promise<Hamlet[]> {
		return this.list<Hamlet>(`hamlet:${commune}:`);
	}

	/** Cached for a few seconds: every write batch checks its records' hamlets. */
	async hamletIds(commune: string): Promise<ReadonlySet<string>> {
		const hit = this.hamletCache.get(commune);
		if (hit && Date.now() - hit.at < USER_TTL_MS) return hit.ids;
		const ids = new Set((await this.listHamlets(commune)).map((h) => h.id));
		this.hamletCache.set(commune, { ids, at: Date.now() });
		return ids;
	}

	// Users

	async addUser(input: NewUser): Promise<PublicUser> {
		const password = parse(passwordSchema, input.password, 'password');
		const scope = parse(
			userScopeSchema,
			{
				username: input.username,
				role: input.role,
				commune: input.commune ?? null,
				hamlets: input.hamlets ?? [],
				displayName: input.displayName ?? input.username
			},
			'user'
		);
		if (scope.commune && !(await this.commune(scope.commune))) {
			throw new DirectoryError('not_found', `commune ${scope.commune} does not exist`);
		}
		await this.checkHamlets(scope.commune, scope.hamlets);
		const at = this.now().toISOString();
		const user: StoredUser = {
			...scope,
			passwordHash: await hashPassword(password),
			disabled: false,
			createdAt: at,
			updatedAt: at
		};
		await this.upsert(`user:${user.username}`, 'user', user, true);
		this.users.delete(user.username);
		return scope;
	}

	/** Volunteers serve only hamlets that exist and are not retired. */
	private async checkHamlets(commune: string | null, hamlets: readonly string[]) {
		const today = this.now().toISOString().slice(0, 10);
		for (const h of hamlets) {
			const hamlet = await this.hamlet(commune ?? '', h);
			if (!hamlet)
				throw new DirectoryError('not_found', `hamlet ${h} does not exist in commune ${commune}`);
			if (hamlet.validTo !== null && hamlet.validTo < today)
				throw new DirectoryError('conflict', `hamlet ${h} was retired on ${hamlet.validTo}`);
		}
	}

	/** Which hamlets a volunteer serves; their next sync follows. */
	async setHamlets(username: string, hamlets: string[]): Promise<PublicUser> {
		const user = await this.user(username);
		if (!user) throw new DirectoryError('not_found', `user ${username} does not exist`);
		const scope = parse(userScopeSchema, { ...publicUser(user), hamlets }, 'user');
		await this.checkHamlets(scope.commune, scope.hamlets);
		await this.updateUser(username, { hamlets: scope.hamlets }, { endSessions: false });
		return scope;
	}

	/** Cached for a few seconds: every authenticated request reads its user. */
	async user(username: string): Promise<StoredUser | null> {
		const hit = this.users.get(username);
		const t = Date.now();
		if (hit && t - hit.at < USER_TTL_MS) return hit.user;
		const doc = await this.db.getOrNull(`user:${username}`);
		const user = doc ? strip<StoredUser>(doc) : null;
		this.users.set(username, { user, at: t });
		return user;
	}

	async listUsers(): Promise<(PublicUser & { disabled: boolean })[]> {
		const users = await this.list<StoredUser>('user:');
		return users.map((u) => ({ ...publicUser(u), disabled: u.disabled }));
	}

	private async updateUser(
		username: string,
		change: Partial<StoredUser>,
		opts: { endSessions: boolean }
	) {
		const doc = await this.db.getOrNull(`user:${username}`);
		if (!doc) throw new DirectoryError('not_found', `user ${username} does not exist`);
		const epoch = typeof doc.sessionEpoch === 'number' ? doc.sessionEpoch : 0;
		await this.db.put({
			...doc,
			...change,
			...(opts.endSessions ? { sessionEpoch: epoch + 1 } : {}),
			updatedAt: this.now().toISOString()
		});
		this.users.delete(username);
	}

	/** Also voids every session the user holds. */
	async setPassword(username: string, password: string) {
		const valid = parse(passwordSchema, password, 'password');
		await this.updateUser(
			username,
			{ passwordHash: await hashPassword(valid) },
			{ endSessions: true }
		);
	}

	/** Disabling voids every session; enabling again does not bring them back. */
	async setDisabled(username: string, disabled: boolean) {
		await this.updateUser(username, { disabled }, { endSessions: disabled });
	}

	/** Stable id of this installation; PouchDB keys replication checkpoints on it. */
	async serverId(): Promise<string> {
		const doc = await this.db.getOrNull('meta:server');
		if (doc) return String(doc.uuid);
		const uuid = randomUUID().replace(/-/g, '');
		await this.db.put({ _id: 'meta:server', uuid });
		return uuid;
	}

	/**
	 * Secret from which each user's device key is derived; kept in the directory so that every
	 * gateway in front of one CouchDB derives the same keys.
	 */
	async deviceKeySecret(): Promise<Uint8Array> {
		const existing = await this.db.getOrNull('meta:device-key');
		if (existing) return new Uint8Array(Buffer.from(String(existing.secret), 'base64'));
		try {
			await this.db.put({ _id: 'meta:device-key', secret: randomBytes(32).toString('base64') });
		} catch (err) {
			if (!isStorageError(err) || err.status !== 409) throw err;
		}
		const doc = await this.db.getOrNull('meta:device-key');
		return new Uint8Array(Buffer.from(String(doc?.secret), 'base64'));
	}

	async isEmpty(): Promise<boolean> {
		return (await this.listCommunes()).length === 0 && (await this.listUsers()).length === 0;
	}
}

export function publicUser(u: StoredUser): PublicUser {
	return {
		username: u.username,
		role: u.role,
		commune: u.commune,
		hamlets: u.hamlets,
		displayName: u.displayName
	};
}

/** The same list gives the same fingerprint, whatever its order. */
export function unitsFingerprint(units: readonly Unit[]): string {
	const lines = units
		.map((u) => `${u.code}\t${u.level}\t${u.name}\t${u.unitType}\t${u.province}`)
		.sort();
	return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}
