import { DEMO_ACCOUNTS } from '../../sync-server/src/seed/demo.ts';

export interface DemoUser {
	username: string;
	password: string;
	role: 'volunteer' | 'official' | 'admin';
	commune: string | null;
	hamlets: readonly string[];
	displayName: string;
}

/** The demo accounts the server seeds (`DEMO=1`), named once for every test. */
function account(username: string): DemoUser {
	const a = DEMO_ACCOUNTS.find((x) => x.username === username);
	if (!a) throw new Error(`no demo account ${username}`);
	return a;
}

/** A demo volunteer with the one hamlet they serve. */
function volunteer(username: string): DemoUser & { hamlet: string } {
	const a = account(username);
	const hamlet = a.hamlets[0];
	if (a.role !== 'volunteer' || !hamlet) throw new Error(`${username} is not a demo volunteer`);
	return { ...a, hamlet };
}

export const ADMIN = account('admin');
/** Official of Xã Thạnh Đức (25657). */
export const OFFICIAL = account('cb.tranvanhai');
/** Volunteer of Ấp Bến Chò. */
export const VOLUNTEER = volunteer('nguyenthilan');
/** Volunteer of Ấp Thạnh Hòa, same commune. */
export const OTHER_VOLUNTEER = volunteer('levanhung');
/** Volunteer of another commune (25666). */
export const FOREIGN_VOLUNTEER = volunteer('phamminhtuan');
export const DEMO_PASSWORD = VOLUNTEER.password;
