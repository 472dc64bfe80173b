import type { Unit } from '../../../src/lib/domain/index.ts';
import { DirectoryError } from './errors.ts';

interface SourceWard {
	Code: string;
	FullName: string;
	ProvinceCode: string;
	AdministrativeUnitShortName: string;
}
interface SourceProvince {
	Code: string;
	FullName: string;
	AdministrativeUnitShortName: string;
	Wards: SourceWard[];
}

/** Reads the thanglequoc/vietnamese-provinces-database JSON (provinces with their `Wards`). */
export function parseUnitCatalogue(json: unknown): Unit[] {
	if (!Array.isArray(json))
		throw new DirectoryError('invalid', 'unit file must be a JSON array of provinces');
	const units: Unit[] = [];
	for (const p of json as SourceProvince[]) {
		if (!p || typeof p.Code !== 'string' || !Array.isArray(p.Wards)) {
			throw new DirectoryError('invalid', 'each province needs Code and Wards');
		}
		units.push({
			code: p.Code,
			level: 'province',
			name: p.FullName,
			unitType: p.AdministrativeUnitShortName,
			province: p.Code
		});
		for (const w of p.Wards) {
			units.push({
				code: w.Code,
				level: 'commune',
				name: w.FullName,
				unitType: w.AdministrativeUnitShortName,
				province: w.ProvinceCode ?? p.Code
			});
		}
	}
	return units;
}
