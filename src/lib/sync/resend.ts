import type { PublicUser } from '$domain/directory';
import { reopenedForReview } from '$domain/policy';
import { serverVersion, updateRecord, type AppDatabase } from '$lib/db';

/**
 * "Send again" for a quarantined record: a new revision, so replication pushes it once more.
 * A volunteer's change to a record the commune approved meanwhile goes back to draft, as the
 * server requires (`policy.approvedEdit`).
 */
export async function resendRecord(
	db: AppDatabase,
	user: PublicUser,
	collection: string,
	id: string,
	at: string
): Promise<void> {
	const server = await serverVersion(db, collection, id);
	await updateRecord(db, collection, id, (r) => {
		const next = { ...r, updatedAt: at, updatedBy: user.username };
		return server ? reopenedForReview(user.role, server, next) : next;
	});
}
