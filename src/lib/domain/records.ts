import { collectionSpec, type CollectionSpec } from './collections';
import { ruleTexts } from './rules';
import { validateWith, type Validated } from './validation';

/**
 * Validates a record of a collection as it crosses a boundary (device store,
 * server write path). Known older versions are validated against their own
 * schema; unknown versions and collections are refused.
 */
export function validateRecord(
	collection: string,
	doc: unknown
): Validated<Record<string, unknown>> {
	const spec = collectionSpec(collection);
	if (!spec) {
		return unknownRule('', 'collection.unknown');
	}
	const version = (doc as { schemaVersion?: unknown } | null)?.schemaVersion;
	const schema = schemaFor(spec, version);
	if (!schema) return unknownRule('schemaVersion', 'schemaVersion.unknown');
	return validateWith(schema, doc) as Validated<Record<string, unknown>>;
}

function schemaFor(spec: CollectionSpec, version: unknown) {
	if (version === spec.version) return spec.schema;
	if (typeof version === 'number' && Object.hasOwn(spec.olderSchemas, version)) {
		return spec.olderSchemas[version];
	}
	return undefined;
}

function unknownRule(
	path: string,
	rule: 'collection.unknown' | 'schemaVersion.unknown'
): Validated<never> {
	return { ok: false, issues: [{ path, rule, message: ruleTexts[rule] }] };
}

/** Applies the spec's migrations to bring an older document to the current version. */
export function migrateRecord(
	spec: CollectionSpec,
	doc: Record<string, unknown>
): Record<string, unknown> {
	let current = doc;
	let v = typeof doc.schemaVersion === 'number' ? doc.schemaVersion : 0;
	while (v < spec.version) {
		v += 1;
		const step = spec.migrations[v];
		if (!step) throw new Error(`no migration to version ${v} for ${spec.name}`);
		current = { ...step(current), schemaVersion: v };
	}
	return current;
}
