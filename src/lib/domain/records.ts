import { collectionSpec, recordMaxBytes, type CollectionSpec } from './collections';
import { jsonBytes } from './envelope';
import { ruleTexts, type RuleKey } from './rules';
import { validateWith, type FieldIssue, type Validated } from './validation';

/**
 * Validates a record of a collection as it crosses a boundary (server write
 * path, seeding). A known older version must pass its own schema and, once
 * migrated, the current one, so no rule added since is bypassed by writing an
 * old version; the value returned is the record as given. Unknown versions
 * and collections, and records over the collection's size, are refused.
 */
export function validateRecord(
	collection: string,
	doc: unknown
): Validated<Record<string, unknown>> {
	const spec = collectionSpec(collection);
	if (!spec) {
		return unknownRule('', 'collection.unknown');
	}
	if (jsonBytes(doc) > recordMaxBytes(spec)) return unknownRule('', 'doc.tooLarge');
	const version = (doc as { schemaVersion?: unknown } | null)?.schemaVersion;
	const schema = schemaFor(spec, version);
	if (!schema) return unknownRule('schemaVersion', 'schemaVersion.unknown');
	const check = spec.validate ?? validateWith;
	const own = check(schema, doc) as Validated<Record<string, unknown>>;
	if (!own.ok) return own;
	// A schema that strips unknown fields would let a stray `password` through in what is stored.
	const dropped = Object.keys(doc as object).filter((k) => !k.startsWith('_') && !(k in own.value));
	if (dropped.length)
		return { ok: false, issues: dropped.map((k) => issueOf(k, 'record.unknownField')) };
	if (version === spec.version) return own;
	let migrated: Record<string, unknown>;
	try {
		migrated = migrateRecord(spec, own.value);
	} catch {
		return unknownRule('schemaVersion', 'schemaVersion.migration');
	}
	const current = check(spec.schema, migrated);
	if (current.ok) return own;
	return {
		ok: false,
		issues: [issueOf('schemaVersion', 'schemaVersion.migration'), ...current.issues]
	};
}

function schemaFor(spec: CollectionSpec, version: unknown) {
	if (version === spec.version) return spec.schema;
	if (typeof version === 'number' && Object.hasOwn(spec.olderSchemas, version)) {
		return spec.olderSchemas[version];
	}
	return undefined;
}

function issueOf(path: string, rule: RuleKey): FieldIssue {
	return { path, rule, message: ruleTexts[rule] };
}

function unknownRule(path: string, rule: RuleKey): Validated<never> {
	return { ok: false, issues: [issueOf(path, rule)] };
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
