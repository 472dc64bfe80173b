// `tsx sync-server/src/procedures/check.ts DIR`: validates the shipped static data; the build runs it.
import { CatalogueError, loadStaticData } from './load.ts';

try {
	const { catalogue, calendar } = loadStaticData(process.argv[2] ?? 'static-data');
	console.log(
		`procedure catalogue v${catalogue.version}: ${catalogue.procedures.length} procedures; working-day calendar v${calendar.version}: ${calendar.years.map((y) => y.year).join(', ')}`
	);
} catch (err) {
	console.error(err instanceof CatalogueError ? err.message : (err as Error).stack);
	process.exit(1);
}
