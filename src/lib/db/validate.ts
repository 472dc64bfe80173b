import type { RxStorage, RxStorageInstanceCreationParams } from 'rxdb';
import type { CollectionSpec } from '$domain/collections';
import { validateWith, type FieldIssue, type Validated } from '$domain/validation';
import { ruleTexts } from '$domain/rules';
import { noMeter, type StageMeter } from './stages';

/** Zod schema of the version a storage instance was created for (current or older, during migration). */
function schemaForVersion(spec: CollectionSpec, version: number) {
	if (version === spec.version) return spec.schema;
	return Object.hasOwn(spec.olderSchemas, version) ? spec.olderSchemas[version] : undefined;
}

/** Validates one stored document; RxDB's bookkeeping fields are not part of the record. */
export function validateForVersion(
	spec: CollectionSpec,
	version: number,
	doc: Record<string, unknown>
): Validated<Record<string, unknown>> {
	const schema = schemaForVersion(spec, version);
	if (!schema) {
		const rule = 'schemaVersion.unknown';
		return { ok: false, issues: [{ path: 'schemaVersion', rule, message: ruleTexts[rule] }] };
	}
	const record: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(doc)) if (!k.startsWith('_')) record[k] = v;
	return validateWith(schema, record) as Validated<Record<string, unknown>>;
}

function validateStored(
	spec: CollectionSpec,
	version: number,
	doc: Record<string, unknown>
): FieldIssue[] {
	const result = validateForVersion(spec, version, doc);
	return result.ok ? [] : result.issues;
}

/**
 * Wraps a storage so that every write, from the app or from replication, is
 * checked against the collection's zod schema: an invalid document is never
 * stored. The name prefix is what RxDB's dev-mode looks for.
 */
export function zodValidatedStorage<I, O>(
	storage: RxStorage<I, O>,
	specs: Readonly<Record<string, CollectionSpec>>,
	meter: StageMeter = noMeter
): RxStorage<I, O> {
	return {
		...storage,
		name: `validate-zod-${storage.name}`,
		async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, O>) {
			const instance = await storage.createStorageInstance(params);
			const spec = Object.hasOwn(specs, params.collectionName)
				? specs[params.collectionName]
				: undefined;
			if (!spec) return instance;
			const version = params.schema.version;
			const bulkWrite = instance.bulkWrite.bind(instance);
			instance.bulkWrite = async (rows, context) => {
				const accepted: typeof rows = [];
				const refused: { row: (typeof rows)[number]; issues: FieldIssue[] }[] = [];
				const end = meter.begin('validate');
				meter.count('validate', rows.length);
				for (const row of rows) {
					const doc = row.document as Record<string, unknown>;
					const issues = doc._deleted ? [] : validateStored(spec, version, doc);
					if (issues.length) refused.push({ row, issues });
					else accepted.push(row);
				}
				end();
				const result = accepted.length ? await bulkWrite(accepted, context) : { error: [] };
				for (const { row, issues } of refused) {
					result.error.push({
						status: 422,
						isError: true,
						documentId: String((row.document as Record<string, unknown>).id),
						writeRow: row,
						validationErrors: issues.map((i) => ({
							field: i.path,
							message: i.message.vi,
							schemaPath: i.rule
						})),
						schema: instance.schema,
						context
					} as never);
				}
				return result;
			};
			return instance;
		}
	};
}
