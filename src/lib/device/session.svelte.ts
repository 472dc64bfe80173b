import type { Place, PublicUser } from '$domain/directory';
import { importSigningKey, newDeviceSigningKey } from '$domain/handover';
import { pinProblem } from '$domain/pin';
import type { AppDatabase } from '$lib/db';
import type { CollectionAccount } from '$domain/dossier/vietqr';
import {
	fetchSession,
	registerHandoverKey,
	requestSession,
	revokeSession,
	type ClientSession,
	type LoginFailure
} from './api';
import {
	isValidPin,
	newDataPassword,
	openWithPassword,
	PBKDF2_ITERATIONS,
	sealWithPassword,
	unwrapWithPin,
	unwrapWithServerKey,
	wrapWithPin,
	wrapWithServerKey
} from './keys';
import type { KeyStore, UserKeys } from './keystore';

export const MAX_PIN_ATTEMPTS = 5;

export type DevicePhase = 'starting' | 'signedOut' | 'setPin' | 'locked' | 'unlocked';
/** Why the volunteer is asked to sign in online again. */
export type SignInReason = 'tooManyPins' | 'expired' | null;

export interface DeviceDeps {
	keyStore: KeyStore;
	fetch: typeof fetch;
	/** Origin of the sync server; empty for the same origin. */
	baseUrl: string;
	crypto: Crypto;
	openDb(username: string, password: string): Promise<AppDatabase>;
	removeDb(username: string): Promise<void>;
	iterations?: number;
}

export type UnlockResult = { ok: true } | { ok: false; attemptsLeft: number };

/**
 * The volunteer's session on this phone: online login once, then a PIN that
 * unwraps the data key so the app opens offline. Holds the open database.
 */
export class DeviceSession {
	phase = $state<DevicePhase>('starting');
	user = $state<PublicUser | null>(null);
	reason = $state<SignInReason>(null);
	/** The token was refused while unlocked: sign in again, local data stays. */
	needsLogin = $state(false);
	idleLockMinutes = $state(15);
	hamletNames = $state.raw<Readonly<Record<string, string>>>({});
	/** Username → display name in the commune. */
	people = $state.raw<Readonly<Record<string, string>>>({});
	/** The commune's account for fees by bank transfer (VietQR); null until an official sets it. */
	feeAccount = $state.raw<CollectionAccount | null>(null);
	/** The commune's and province's names; null until a session brought them. */
	place = $state.raw<Place | null>(null);
	db = $state.raw<AppDatabase | null>(null);
	/** Set when earlier local data could not be recovered (no server key): told once. */
	localDataLost = $state(false);

	#token: string | null = null;
	#databases: Record<string, string> = {};
	#dataPassword: string | null = null;
	/** A fresh login waiting for the PIN step. */
	#pending: ClientSession | null = null;
	#handoverKey: Promise<boolean> | null = null;

	constructor(private readonly deps: DeviceDeps) {}

	get baseUrl(): string {
		return this.deps.baseUrl;
	}
	get deviceId(): string {
		return this.deps.keyStore.load().deviceId;
	}
	get token(): string | null {
		return this.#token;
	}
	get databases(): Readonly<Record<string, string>> {
		return this.#databases;
	}

	/** Restores the last volunteer: locked when a PIN is set, signed out otherwise. */
	start(): void {
		const rec = this.deps.keyStore.load();
		const keys = rec.lastUser ? rec.users[rec.lastUser] : undefined;
		if (keys?.pin) {
			this.#applyKeys(keys);
			this.phase = 'locked';
		} else {
			this.reason = keys ? 'tooManyPins' : null;
			this.phase = 'signedOut';
		}
	}

	async login(username: string, password: string): Promise<{ ok: true } | LoginFailure> {
		const res = await requestSession(this.deps.fetch, this.deps.baseUrl, username, password);
		if (!res.ok) return res;
		const session = res.session;
		const name = session.user.username;
		if (this.phase === 'unlocked' && this.user?.username === name && this.#dataPassword) {
			await this.#storeSession(session, this.#dataPassword);
			this.needsLogin = false;
			return { ok: true };
		}
		if (this.db) await this.#closeDb();
		const rec = this.deps.keyStore.load();
		const keys = rec.users[name];
		this.#pending = session;
		this.user = session.user;
		this.idleLockMinutes = session.idleLockMinutes;
		this.hamletNames = session.hamletNames;
		this.people = session.people;
		this.feeAccount = session.feeAccount;
		this.place = session.place;
		this.reason = null;
		this.deps.keyStore.update((r) => (r.lastUser = name));
		if (keys?.pin) {
			// The PIN still unlocks; the new token is sealed once it does.
			this.phase = 'locked';
			return { ok: true };
		}
		let dataPassword: string | null = null;
		if (keys?.server && session.deviceKey) {
			dataPassword = await unwrapWithServerKey(keys.server, session.deviceKey, this.deps.crypto);
		}
		if (keys && !dataPassword) {
			await this.deps.removeDb(name);
			this.localDataLost = true;
		}
		this.#dataPassword = dataPassword ?? newDataPassword(this.deps.crypto);
		this.phase = 'setPin';
		return { ok: true };
	}

	/** Sets the PIN after an online login and opens the database. */
	async setPin(pin: string): Promise<void> {
		const session = this.#pending;
		const dataPassword = this.#dataPassword;
		if (this.phase !== 'setPin' || !session || !dataPassword)
			throw new Error('no login waiting for a PIN');
		if (pinProblem(pin)) throw new Error('PIN refused: too short or too easy to guess');
		const pinWrapped = await wrapWithPin(dataPassword, pin, this.deps.crypto, this.#iterations());
		const server = session.deviceKey
			? await wrapWithServerKey(dataPassword, session.deviceKey, this.deps.crypto)
			: null;
		this.deps.keyStore.update((r) => {
			r.users[session.user.username] = {
				...this.#keysFrom(session),
				pin: pinWrapped,
				server,
				failedPins: 0,
				token: null
			};
		});
		await this.#storeSession(session, dataPassword);
		await this.#openDb(session.user.username, dataPassword);
	}

	async unlock(pin: string): Promise<UnlockResult> {
		const rec = this.deps.keyStore.load();
		const name = rec.lastUser;
		const keys = name ? rec.users[name] : undefined;
		if (this.phase !== 'locked' || !name || !keys?.pin) throw new Error('nothing to unlock');
		const dataPassword = isValidPin(pin)
			? await unwrapWithPin(keys.pin, pin, this.deps.crypto)
			: null;
		if (!dataPassword) {
			const failed = keys.failedPins + 1;
			const exhausted = failed >= MAX_PIN_ATTEMPTS;
			this.deps.keyStore.update((r) => {
				r.users[name].failedPins = failed;
				if (exhausted) r.users[name].pin = null;
			});
			if (exhausted) {
				await this.#closeDb();
				this.#forget();
				this.reason = 'tooManyPins';
				this.phase = 'signedOut';
			}
			return { ok: false, attemptsLeft: Math.max(0, MAX_PIN_ATTEMPTS - failed) };
		}
		this.deps.keyStore.update((r) => (r.users[name].failedPins = 0));
		if (this.#pending) {
			await this.#storeSession(this.#pending, dataPassword);
		} else if (keys.token) {
			this.#token = await openWithPassword(dataPassword, keys.token, this.deps.crypto);
		}
		if (this.db && this.#dataPassword === dataPassword) {
			this.phase = 'unlocked';
			return { ok: true };
		}
		await this.#openDb(name, dataPassword);
		return { ok: true };
	}

	/** Hides the data behind the PIN; the database stays open so sync can continue. */
	lock(): void {
		if (this.phase === 'unlocked') this.phase = 'locked';
	}

	/** "Another account" on the lock screen: this volunteer's data and keys stay on the phone. */
	async switchUser(): Promise<void> {
		await this.#closeDb();
		this.#forget();
		this.reason = null;
		this.phase = 'signedOut';
	}

	/**
	 * Reads the commune's names and fee account again from the server (after an official
	 * changed them) and remembers them for offline use; false when offline or refused.
	 */
	async refresh(): Promise<boolean> {
		const token = this.#token;
		const name = this.user?.username;
		if (!token || !name) return false;
		const fresh = await fetchSession(this.deps.fetch, this.deps.baseUrl, token);
		if (!fresh || fresh.user.username !== name) return false;
		const { hamletNames, people, feeAccount, place, user } = fresh;
		// The office may have changed the user's hamlets (a merge, a new assignment).
		if (JSON.stringify(user) !== JSON.stringify(this.user)) this.user = user;
		this.hamletNames = hamletNames;
		this.people = people;
		this.feeAccount = feeAccount;
		this.place = place;
		this.deps.keyStore.update((r) => {
			const keys = r.users[name];
			if (keys) Object.assign(keys, { user, hamletNames, people, feeAccount, place });
		});
		return true;
	}

	/**
	 * Makes this device's handover signing key (once) and registers it with the server while
	 * online, keeping the server's public key for offline exports. False offline or refused.
	 */
	ensureHandoverKey(): Promise<boolean> {
		// One at a time: two racing calls would each make and register a key.
		this.#handoverKey ??= this.#ensureHandoverKey().finally(() => (this.#handoverKey = null));
		return this.#handoverKey;
	}

	async #ensureHandoverKey(): Promise<boolean> {
		const name = this.user?.username;
		const dataPassword = this.#dataPassword;
		if (!name || !dataPassword || this.phase !== 'unlocked') return false;
		let keys = this.deps.keyStore.load().users[name]?.handover;
		if (!keys) {
			const pair = await newDeviceSigningKey();
			const signing = await sealWithPassword(dataPassword, pair.privatePkcs8, this.deps.crypto);
			keys = { signing, publicKey: pair.publicSpki, serverKey: null };
			const made = keys;
			this.deps.keyStore.update((r) => {
				if (r.users[name]) r.users[name].handover = made;
			});
		}
		if (keys.serverKey) return true;
		const token = this.#token;
		if (!token) return false;
		const serverKey = await registerHandoverKey(this.deps.fetch, this.deps.baseUrl, token, {
			deviceId: this.deviceId,
			publicKey: keys.publicKey
		});
		if (!serverKey) return false;
		this.deps.keyStore.update((r) => {
			const h = r.users[name]?.handover;
			if (h) h.serverKey = serverKey;
		});
		return true;
	}

	/** What an export is sealed and signed with; null before the key was registered online. */
	async handoverSigner(): Promise<{ key: CryptoKey; serverKey: string; deviceId: string } | null> {
		const name = this.user?.username;
		const dataPassword = this.#dataPassword;
		const keys = name ? this.deps.keyStore.load().users[name]?.handover : undefined;
		if (!keys?.serverKey || !dataPassword) return null;
		const pkcs8 = await openWithPassword(dataPassword, keys.signing, this.deps.crypto);
		if (!pkcs8) return null;
		return {
			key: await importSigningKey(pkcs8),
			serverKey: keys.serverKey,
			deviceId: this.deviceId
		};
	}

	/** The server refused the token: keep working offline and ask for an online login. */
	tokenExpired(): void {
		this.needsLogin = true;
		this.#token = null;
	}

	/**
	 * Removes this volunteer's local data and keys. The caller has checked that
	 * everything is synced or that the volunteer confirmed the named losses.
	 */
	async logout(): Promise<void> {
		const name = this.user?.username;
		if (this.#token) await revokeSession(this.deps.fetch, this.deps.baseUrl, this.#token);
		await this.#closeDb();
		if (name) {
			await this.deps.removeDb(name);
			this.deps.keyStore.update((r) => {
				delete r.users[name];
				if (r.lastUser === name) r.lastUser = null;
			});
		}
		this.#forget();
		this.reason = null;
		this.phase = 'signedOut';
	}

	#iterations(): number {
		return this.deps.iterations ?? PBKDF2_ITERATIONS;
	}

	#keysFrom(session: ClientSession): Omit<UserKeys, 'pin' | 'server' | 'failedPins' | 'token'> {
		return {
			username: session.user.username,
			user: session.user,
			databases: session.databases,
			idleLockMinutes: session.idleLockMinutes,
			hamletNames: session.hamletNames,
			people: session.people,
			feeAccount: session.feeAccount,
			place: session.place,
			expiresAt: session.expiresAt
		};
	}

	#applyKeys(keys: UserKeys): void {
		this.user = keys.user;
		this.#databases = keys.databases;
		this.idleLockMinutes = keys.idleLockMinutes;
		this.hamletNames = keys.hamletNames ?? {};
		this.people = keys.people ?? {};
		this.feeAccount = keys.feeAccount ?? null;
		this.place = keys.place ?? null;
	}

	async #storeSession(session: ClientSession, dataPassword: string): Promise<void> {
		const token = await sealWithPassword(dataPassword, session.token, this.deps.crypto);
		this.deps.keyStore.update((r) => {
			const keys = r.users[session.user.username];
			if (keys) Object.assign(keys, this.#keysFrom(session), { token });
		});
		this.#token = session.token;
		this.#databases = session.databases;
		this.user = session.user;
		this.idleLockMinutes = session.idleLockMinutes;
		this.hamletNames = session.hamletNames;
		this.people = session.people;
		this.feeAccount = session.feeAccount;
		this.#pending = null;
		this.needsLogin = false;
	}

	async #openDb(username: string, dataPassword: string): Promise<void> {
		this.db = await this.deps.openDb(username, dataPassword);
		this.#dataPassword = dataPassword;
		this.phase = 'unlocked';
	}

	async #closeDb(): Promise<void> {
		const db = this.db;
		this.db = null;
		if (db && !db.closed) await db.close();
	}

	#forget(): void {
		this.#token = null;
		this.#dataPassword = null;
		this.#pending = null;
		this.#databases = {};
		this.user = null;
		this.hamletNames = {};
		this.people = {};
		this.feeAccount = null;
	}
}
