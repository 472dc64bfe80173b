import type { Finding } from '../finding';
import { isIsoDate, vietnamLocal } from './dates';
import { dossierTexts, type DossierRuleKey } from './texts';

/**
 * Dossier code of Circular 01/2018/TT-VPCP, Art. 19:
 * `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX`, the receiving unit's code (QCVN
 * 102:2016/BTTTT), the day received and the day's 4-digit sequence.
 */
const DOSSIER_CODE = /^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{2})(\d{2})(\d{2})-(\d{4})$/;

export interface DossierCodeParts {
	unit: string;
	receivedOn: string;
	sequence: number;
}

export function parseDossierCode(code: string): DossierCodeParts | undefined {
	const m = DOSSIER_CODE.exec(code.trim());
	if (!m) return undefined;
	const receivedOn = `20${m[2]}-${m[3]}-${m[4]}`;
	return isIsoDate(receivedOn) ? { unit: m[1], receivedOn, sequence: Number(m[5]) } : undefined;
}

const warn = (rule: DossierRuleKey): Finding => ({
	path: 'dossierCode',
	rule,
	severity: 'warning',
	message: dossierTexts[rule]
});

/**
 * Warnings on a dossier code, never errors: units' codes changed with the
 * 2025 reorganisation and portals differ, so the code stays a free string.
 */
export function checkDossierCode(code: string, receivedAt?: string | null): Finding[] {
	const m = DOSSIER_CODE.exec(code.trim());
	if (!m) return [warn('dossier.codePattern')];
	const parts = parseDossierCode(code);
	if (!parts) return [warn('dossier.codeDate')];
	if (receivedAt && vietnamLocal(receivedAt).date !== parts.receivedOn) {
		return [warn('dossier.codeDateMismatch')];
	}
	return [];
}
