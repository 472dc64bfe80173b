import { z } from 'zod';
import {
	communeCodeSchema,
	hamletIdSchema,
	isoDateSchema,
	isoDateTimeSchema,
	provinceCodeSchema,
	usernameSchema
} from './envelope';
import { collectionAccountSchema } from './dossier/vietqr';
import { roleSchema } from './spec';

/** Administrative unit of the national catalogue (province or commune). */
export const unitSchema = z.object({
	code: z.string().regex(/^(\d{2}|\d{5})$/),
	level: z.enum(['province', 'commune']),
	name: z.string().min(1).max(120),
	/** Stored as data because units get reclassified (xã → phường). */
	unitType: z.string().min(1).max(40),
	province: provinceCodeSchema
});
export type Unit = z.infer<typeof unitSchema>;

export const communeSchema = z.object({
	code: communeCodeSchema,
	name: z.string().trim().min(1).max(120),
	province: provinceCodeSchema,
	unitType: z.string().trim().min(1).max(40),
	/** Where residents pay fees by bank transfer (VietQR); absent until set. */
	feeAccount: collectionAccountSchema.nullable().optional()
});
export type Commune = z.infer<typeof communeSchema>;

/** Hamlets have no national list and get merged: a local, effective-dated list per commune. */
export const hamletSchema = z
	.object({
		id: hamletIdSchema,
		commune: communeCodeSchema,
		name: z.string().trim().min(1).max(120),
		validFrom: isoDateSchema,
		validTo: isoDateSchema.nullable(),
		/** Names it had before, each with the day the next name took effect. */
		formerNames: z
			.array(z.object({ name: z.string().max(120), until: isoDateSchema }))
			.max(100)
			.optional(),
		/** Set when the hamlet was merged into another (`validTo` is then the merge day). */
		mergedInto: hamletIdSchema.optional(),
		/** Who merged it: records that arrive there later are moved on in their name. */
		mergedBy: usernameSchema.optional()
	})
	.refine((h) => h.validTo === null || h.validTo >= h.validFrom, {
		path: ['validTo'],
		message: 'validTo must not be before validFrom'
	});
export type Hamlet = z.infer<typeof hamletSchema>;

export const publicUserSchema = z.object({
	username: usernameSchema,
	role: roleSchema,
	/** Null only for admins. */
	commune: communeCodeSchema.nullable(),
	hamlets: z.array(hamletIdSchema).max(50),
	displayName: z.string().max(120)
});
export type PublicUser = z.infer<typeof publicUserSchema>;

/** Role invariants: volunteers need a commune and hamlets, officials a commune, admins neither. */
export const userScopeSchema = publicUserSchema.superRefine((u, ctx) => {
	if (u.role !== 'admin' && !u.commune) {
		ctx.addIssue({ code: 'custom', path: ['commune'], message: `a ${u.role} needs a commune` });
	}
	if (u.role === 'volunteer' && u.hamlets.length === 0) {
		ctx.addIssue({ code: 'custom', path: ['hamlets'], message: 'a volunteer needs hamlets' });
	}
	if (u.role !== 'volunteer' && u.hamlets.length > 0) {
		ctx.addIssue({ code: 'custom', path: ['hamlets'], message: 'only volunteers have hamlets' });
	}
});

export const passwordSchema = z.string().min(8).max(200);

export const loginRequestSchema = z.object({
	username: z.string().min(1).max(100),
	password: z.string().min(1).max(200)
});

export const sessionResponseSchema = z.object({
	token: z.string(),
	expiresAt: isoDateTimeSchema,
	user: publicUserSchema,
	/** Replication URL per collection name (root-relative, e.g. `/db/c25657_heartbeats/`). */
	databases: z.record(z.string(), z.string()),
	idleLockMinutes: z.number().int().positive(),
	/** Hamlet id → name for the user's commune, so screens and receipts never show an id. */
	hamletNames: z.record(z.string(), z.string()).default({}),
	/** Username → display name of the people of the user's commune, so screens show names, not logins. */
	people: z.record(z.string(), z.string()).default({}),
	/** The commune's fee account, so the fee QR code draws offline. */
	feeAccount: collectionAccountSchema.nullable().default(null),
	/** The user's commune and province as the unit catalogue names them ("Xã Thạnh Đức"), for printed reports. */
	place: z
		.object({ commune: z.string().max(120), province: z.string().max(120) })
		.nullable()
		.default(null),
	/** Sync wire format the server speaks (`wire.ts`); the device checks it before every sync. */
	syncFormat: z.number().int().optional()
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;
export type Place = NonNullable<SessionResponse['place']>;
