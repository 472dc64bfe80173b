import type { Commune, Hamlet, PublicUser, Unit } from '../../../src/lib/domain/index.ts';
import type { Directory, NewUser } from '../directory/directory.ts';
import type { Audit } from './audit.ts';
import { generatePassword } from './passwords.ts';
import type { Sessions } from './sessions.ts';

/**
 * The administrative operations, audited, for the admin API and the admin command line alike.
 * `by` is the admin's username, or `cli:<system user>` from the command line.
 */
export class Admin {
	constructor(
		private readonly directory: Directory,
		private readonly sessions: Sessions,
		private readonly audit: Audit
	) {}

	async importUnits(units: Unit[], by: string, version: string | null = null): Promise<number> {
		const count = await this.directory.importUnits(units, { version, by });
		await this.audit.record({
			commune: null,
			action: 'units.import',
			by,
			details: { count, version }
		});
		return count;
	}

	async addCommune(input: { code: string; name?: string }, by: string): Promise<Commune> {
		const c = await this.directory.addCommune(input);
		await this.audit.record({
			commune: c.code,
			action: 'commune.add',
			by,
			subject: c.code,
			details: { name: c.name, province: c.province }
		});
		return c;
	}

	/** `replace` updates a hamlet that exists (CSV import); otherwise it must be new. */
	async addHamlet(input: Partial<Hamlet>, by: string, replace = false): Promise<Hamlet> {
		const existed =
			replace && !!(await this.directory.hamlet(String(input.commune), String(input.id)));
		const h = await this.directory.addHamlet(input, { replace });
		await this.audit.record({
			commune: h.commune,
			action: existed ? 'hamlet.update' : 'hamlet.add',
			by,
			subject: h.id,
			details: { name: h.name, validFrom: h.validFrom, validTo: h.validTo }
		});
		return h;
	}

	async addUser(input: NewUser, by: string): Promise<PublicUser> {
		const u = await this.directory.addUser(input);
		await this.audit.record({
			commune: u.commune,
			action: 'user.add',
			by,
			subject: u.username,
			details: { role: u.role, hamlets: u.hamlets }
		});
		return u;
	}

	/** A new account with a generated first password, returned once and never stored in clear. */
	async addPerson(
		input: Omit<NewUser, 'password'>,
		by: string
	): Promise<{ user: PublicUser; password: string }> {
		const password = generatePassword();
		return { user: await this.addUser({ ...input, password }, by), password };
	}

	/** A generated password replaces the old one; every session of the user ends. */
	async resetPassword(username: string, by: string): Promise<string> {
		const password = generatePassword();
		await this.setPassword(username, password, by);
		return password;
	}

	async setHamlets(username: string, hamlets: string[], by: string): Promise<PublicUser> {
		const before = (await this.directory.user(username))?.hamlets ?? [];
		const u = await this.directory.setHamlets(username, hamlets);
		await this.audit.record({
			commune: u.commune,
			action: 'user.hamlets',
			by,
			subject: username,
			details: { before: [...before], after: u.hamlets }
		});
		return u;
	}

	async renameHamlet(
		commune: string,
		id: string,
		change: { name: string; from?: string },
		by: string
	): Promise<Hamlet> {
		const before = (await this.directory.hamlet(commune, id))?.name ?? null;
		const h = await this.directory.renameHamlet(commune, id, change.name, change.from);
		await this.audit.record({
			commune,
			action: 'hamlet.rename',
			by,
			subject: id,
			details: { before, after: h.name, from: h.formerNames?.at(-1)?.until ?? null }
		});
		return h;
	}

	async retireHamlet(commune: string, id: string, validTo: string, by: string): Promise<Hamlet> {
		const h = await this.directory.retireHamlet(commune, id, validTo);
		await this.audit.record({
			commune,
			action: 'hamlet.retire',
			by,
			subject: id,
			details: { validTo }
		});
		return h;
	}

	/** Every session of the user ends for good (the directory raises their session epoch). */
	async setPassword(username: string, password: string, by: string): Promise<void> {
		await this.directory.setPassword(username, password);
		await this.userEvent(username, 'user.password', by, await this.sessions.revokeAll(username));
	}

	/** Disabling ends every session for good; enabling again does not bring any back. */
	async setDisabled(username: string, disabled: boolean, by: string): Promise<void> {
		await this.directory.setDisabled(username, disabled);
		const ended = disabled ? await this.sessions.revokeAll(username) : 0;
		await this.userEvent(username, disabled ? 'user.disable' : 'user.enable', by, ended);
	}

	private async userEvent(
		username: string,
		action: 'user.password' | 'user.disable' | 'user.enable',
		by: string,
		sessionsEnded: number
	) {
		const user = await this.directory.user(username);
		await this.audit.record({
			commune: user?.commune ?? null,
			action,
			by,
			subject: username,
			details: { sessionsEnded }
		});
	}
}
