import type { Place, PublicUser } from '$domain/directory';
import type { CollectionAccount } from '$domain/dossier/vietqr';
import type { PinWrapped, Sealed } from './keys';

/** What the device remembers about one volunteer between app starts. Never the PIN, never the token in clear. */
export interface UserKeys {
	username: string;
	/** Data password wrapped with the PIN; null after too many wrong PINs. */
	pin: PinWrapped | null;
	/** Data password wrapped with the server's per-user key, for recovery after an online login. */
	server: Sealed | null;
	failedPins: number;
	user: PublicUser;
	databases: Record<string, string>;
	idleLockMinutes: number;
	/** Absent in records written before hamlet names came with the session. */
	hamletNames?: Record<string, string>;
	/** Absent in records written before people's names came with the session. */
	people?: Record<string, string>;
	/** Absent in records written before the fee account came with the session. */
	feeAccount?: CollectionAccount | null;
	/** Absent in records written before the commune's name came with the session. */
	place?: Place | null;
	expiresAt: string;
	/** Bearer token sealed under the data password. */
	token: Sealed | null;
	/** This device's handover signing key (`handover.ts`); absent until first made. */
	handover?: HandoverKeys;
}

export interface HandoverKeys {
	/** ECDSA private key (PKCS#8, base64), sealed under the data password. */
	signing: Sealed;
	/** Its public half (SPKI, base64), as registered. */
	publicKey: string;
	/** The server's public key (SPKI, base64), known once the device key is registered. */
	serverKey: string | null;
}

export interface DeviceRecord {
	v: 1;
	deviceId: string;
	lastUser: string | null;
	users: Record<string, UserKeys>;
}

const KEY = 'tramso.device';

/** Reads and writes the device record in localStorage (injected, so tests use a Map). */
export class KeyStore {
	constructor(
		private readonly storage: Pick<Storage, 'getItem' | 'setItem'>,
		private readonly newId: () => string
	) {}

	load(): DeviceRecord {
		try {
			const raw = this.storage.getItem(KEY);
			const rec = raw ? (JSON.parse(raw) as DeviceRecord) : null;
			if (rec?.v === 1 && typeof rec.deviceId === 'string') return rec;
		} catch {
			// A damaged record is replaced: the data keys it held are unreadable anyway.
		}
		const fresh: DeviceRecord = { v: 1, deviceId: this.newId(), lastUser: null, users: {} };
		this.save(fresh);
		return fresh;
	}

	save(rec: DeviceRecord): void {
		this.storage.setItem(KEY, JSON.stringify(rec));
	}

	update(change: (rec: DeviceRecord) => void): DeviceRecord {
		const rec = this.load();
		change(rec);
		this.save(rec);
		return rec;
	}
}
