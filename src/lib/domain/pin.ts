/**
 * PINs a passer-by tries first. The PIN guards residents' ID and phone
 * numbers on a phone that may be lost in the fields, and five wrong tries
 * lock it: 111111, 123456 or a birth year would fall within those five.
 */
export type PinProblem = 'pin.length' | 'pin.repeated' | 'pin.sequence' | 'pin.date';

const YEAR = /(19[3-9]\d|20[0-2]\d)/;

function isSequence(pin: string): boolean {
	const steps = new Set<number>();
	for (let i = 1; i < pin.length; i++) steps.add((Number(pin[i]) - Number(pin[i - 1]) + 10) % 10);
	return steps.size === 1 && (steps.has(1) || steps.has(9));
}

/** A short block repeated: 121212, 123123, 2525…; one digit repeated is `pin.repeated` too. */
function isRepeatedBlock(pin: string): boolean {
	for (let size = 1; size <= pin.length / 2; size++) {
		if (pin.length % size !== 0) continue;
		if (pin.slice(0, size).repeat(pin.length / size) === pin) return true;
	}
	return false;
}

/** Day and month at the start, as people write birthdays: ddmm… */
function startsWithDayMonth(pin: string): boolean {
	const d = Number(pin.slice(0, 2));
	const m = Number(pin.slice(2, 4));
	return d >= 1 && d <= 31 && m >= 1 && m <= 12;
}

/**
 * Why a new PIN is refused, or null when it is fine. Unlocking never uses
 * this: a PIN chosen before the rule keeps working.
 */
export function pinProblem(pin: string): PinProblem | null {
	if (!/^\d{6,12}$/.test(pin)) return 'pin.length';
	if (isRepeatedBlock(pin)) return 'pin.repeated';
	if (isSequence(pin)) return 'pin.sequence';
	// A birth year anywhere (1985, 2001…), or a whole date: ddmmyy, ddmmyyyy.
	if (YEAR.test(pin)) return 'pin.date';
	if ((pin.length === 6 || pin.length === 8) && startsWithDayMonth(pin)) return 'pin.date';
	return null;
}
