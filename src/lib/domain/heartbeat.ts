import { z } from 'zod';
import { refuseUnknownFields } from './closed';
import { envelopeShape, isoDateTimeSchema } from './envelope';
import type { CollectionSpec } from './collections';

const heartbeatV0Shape = {
	...envelopeShape,
	schemaVersion: z.literal(0),
	deviceId: z.string().min(8).max(64),
	username: z.string().max(40),
	appVersion: z.string().max(32),
	lastPullAt: isoDateTimeSchema.nullable(),
	lastPushAt: isoDateTimeSchema.nullable(),
	/** Records waiting to upload, by collection. */
	pending: z
		.record(z.string().max(40), z.number().int().min(0))
		.refine((p) => Object.keys(p).length <= 20, 'heartbeat.pending'),
	quarantined: z.number().int().min(0),
	conflicts: z.number().int().min(0),
	storageUsedBytes: z.number().int().min(0).nullable(),
	storageQuotaBytes: z.number().int().min(0).nullable()
};

/** Heartbeats before devices had names. */
export const heartbeatV0Schema = z
	.looseObject(heartbeatV0Shape)
	.superRefine((h, ctx) => refuseUnknownFields(h, heartbeatV0Shape, ctx));

const heartbeatShape = {
	...heartbeatV0Shape,
	schemaVersion: z.literal(1),
	/** The phone's model and system as the browser reports them (e.g. `SM-A125F · Android 12`), so two phones of one volunteer can be told apart. */
	deviceName: z.string().max(60)
};

/** What one device last told the server about its sync; officials' sync monitoring reads it. */
export const heartbeatSchema = z
	.looseObject(heartbeatShape)
	.superRefine((h, ctx) => refuseUnknownFields(h, heartbeatShape, ctx));
export type Heartbeat = z.infer<z.ZodObject<typeof heartbeatShape>>;

export const heartbeatCollection: CollectionSpec<typeof heartbeatSchema> = {
	name: 'heartbeats',
	version: 1,
	schema: heartbeatSchema,
	olderSchemas: { 0: heartbeatV0Schema },
	migrations: { 1: (doc) => ({ ...doc, deviceName: '' }) },
	encrypted: [],
	indexes: ['updatedAt'],
	access: 'own',
	writers: ['volunteer', 'official'],
	maxBytes: 8 * 1024,
	pushOnly: true,
	userFields: ['username']
};
