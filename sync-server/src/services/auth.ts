import { createHash } from 'node:crypto';
import type { Actor } from '../../../src/lib/domain/index.ts';
import type { Directory, StoredUser } from '../directory/directory.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import type { Sessions } from './sessions.ts';
import type { Throttle } from './throttle.ts';
import { tooManyRequests, unauthorized } from './errors.ts';

const BASIC_CACHE_MS = 60_000;

export type LoginResult = { ok: true; user: StoredUser } | { ok: false };

/** Checks credentials (login form, Bearer, Basic) against the directory, with throttling. */
export class Auth {
	/** Basic auth would cost one scrypt per request; remember recent successes briefly. */
	private basicCache = new Map<string, { passwordHash: string; at: number }>();

	constructor(
		private readonly directory: Directory,
		private readonly sessions: Sessions,
		private readonly throttle: Throttle,
		private readonly dummyHash: string
	) {}

	/**
	 * Checks a password. Throws 429 while this (username, address) must wait, the same 401 for
	 * an unknown user, a wrong password and a disabled account, and with `session` a 429 when
	 * the user signed in too often (each sign-in mints a token).
	 */
	async login(
		username: string,
		password: string,
		ip: string,
		opts: { session?: boolean } = {}
	): Promise<StoredUser> {
		const wait = this.throttle.retryAfter(username, ip);
		if (wait > 0) throw tooManyRequests(`too many failed logins; retry in ${wait} s`, wait);
		const user = await this.directory.user(username);
		const ok = user
			? await verifyPassword(password, user.passwordHash)
			: await verifyAgainstDummy(password, this.dummyHash);
		if (!user || !ok || user.disabled) {
			this.throttle.fail(username, ip);
			throw unauthorized('Name or password is incorrect.');
		}
		this.throttle.succeed(username, ip);
		if (opts.session) {
			const again = this.throttle.takeLogin(user.username);
			if (again > 0) throw tooManyRequests(`too many sign-ins; retry in ${again} s`, again);
		}
		return user;
	}

	/** The actor of a request, or a 401/429 CouchError; `null` when no credentials were sent. */
	async actor(authorization: string | undefined, ip: string): Promise<StoredUser | null> {
		if (!authorization) return null;
		const [scheme, value = ''] = authorization.trim().split(/\s+/, 2);
		if (/^bearer$/i.test(scheme)) return this.fromToken(value);
		if (/^basic$/i.test(scheme)) return this.fromBasic(value, ip);
		throw unauthorized('unsupported authorization scheme');
	}

	async fromToken(token: string): Promise<StoredUser> {
		const session = await this.sessions.resolve(token);
		const user = session && (await this.directory.user(session.username));
		if (!user || user.disabled || session.epoch !== (user.sessionEpoch ?? 0))
			throw unauthorized('session expired or revoked');
		return user;
	}

	private async fromBasic(value: string, ip: string): Promise<StoredUser> {
		const decoded = Buffer.from(value, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 1) throw unauthorized('malformed Basic credentials');
		const username = decoded.slice(0, colon);
		const password = decoded.slice(colon + 1);
		const key = createHash('sha256').update(`${username}\0${password}`).digest('hex');
		const hit = this.basicCache.get(key);
		if (hit && Date.now() - hit.at < BASIC_CACHE_MS) {
			const user = await this.directory.user(username);
			if (user && !user.disabled && user.passwordHash === hit.passwordHash) return user;
			this.basicCache.delete(key);
		}
		const user = await this.login(username, password, ip);
		if (this.basicCache.size > 10_000) this.basicCache.clear();
		this.basicCache.set(key, { passwordHash: user.passwordHash, at: Date.now() });
		return user;
	}
}

export function toActor(user: StoredUser): Actor {
	return { username: user.username, role: user.role, commune: user.commune, hamlets: user.hamlets };
}
