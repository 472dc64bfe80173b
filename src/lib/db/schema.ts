import type { RxJsonSchema } from 'rxdb';
import { z } from 'zod';
import type { CollectionSpec } from '$domain/collections';
import { reviewShape } from '$domain/envelope';

type JsonObject = Record<string, unknown>;

/** ISO date-times are at most `2026-01-01T00:00:00.000+07:00`; RxDB needs a bound to index them. */
const INDEXED_STRING_MAX = 64;

/**
 * RxDB JSON schema of one collection version, derived from its zod schema so
 * there is one source of truth. Only RxDB's own keys are added: primary key,
 * version, index bounds and the encrypted fields.
 */
export function toRxSchema(spec: CollectionSpec): RxJsonSchema<JsonObject> {
	const json = z.toJSONSchema(spec.schema, { io: 'output', unrepresentable: 'any' }) as JsonObject;
	const properties = structuredClone((json.properties ?? {}) as Record<string, JsonObject>);
	const required = new Set((json.required as string[] | undefined) ?? []);
	const indexed = new Set(spec.indexes.flatMap((i) => (typeof i === 'string' ? [i] : [...i])));
	for (const field of indexed) {
		const prop = properties[field];
		if (!prop) throw new Error(`${spec.name}: index on unknown field ${field}`);
		if (!required.has(field))
			throw new Error(`${spec.name}: indexed field ${field} must be required`);
		if (spec.encrypted.includes(field)) {
			throw new Error(`${spec.name}: encrypted field ${field} cannot be indexed`);
		}
		if (prop.type === 'string' && prop.maxLength === undefined) prop.maxLength = INDEXED_STRING_MAX;
	}
	for (const field of spec.encrypted) {
		if (!properties[field])
			throw new Error(`${spec.name}: encrypted field ${field} is not in the schema`);
	}
	for (const prop of Object.values(properties)) stripJsonSchemaNoise(prop);
	// Losing values of any field (ID numbers, phones) wait in `conflicts`, so it is always sealed.
	const encrypted = [...spec.encrypted];
	if (spec.schema.shape.conflicts === reviewShape.conflicts && !encrypted.includes('conflicts')) {
		encrypted.push('conflicts');
	}
	return {
		title: spec.name,
		version: spec.version,
		primaryKey: 'id',
		type: 'object',
		properties,
		required: [...required],
		indexes: spec.indexes.map((i) => (typeof i === 'string' ? i : [...i])),
		encrypted
	} as RxJsonSchema<JsonObject>;
}

/** RxDB's schema checker rejects a few JSON-schema keywords zod emits; zod validates writes anyway. */
function stripJsonSchemaNoise(node: unknown): void {
	if (!node || typeof node !== 'object') return;
	if (Array.isArray(node)) {
		node.forEach(stripJsonSchemaNoise);
		return;
	}
	const o = node as JsonObject;
	delete o.$schema;
	delete o.format;
	delete o.pattern;
	delete o.propertyNames;
	for (const v of Object.values(o)) stripJsonSchemaNoise(v);
}
