/**
 * Realistic, deterministic test data for Xã Thạnh Đức, Tây Ninh (25657).
 *
 *   makeResident({ seed: 1 })                          one valid adult resident
 *   makeResident({ seed: 2, age: 6, relationship: 'child', representativeName: 'Nguyễn Văn Hùng' })
 *   makeResident({ seed: 3, consentTo: [] })           name only (no consent)
 *   makeHousehold({ seed: 1, hamlet: 'ap-ben-cho' })
 *   makeHamletPopulation({ hamlet: 'ap-ben-cho', households: 300, seed: 7 })
 *   makeCommunePopulation({ householdsPerHamlet: 860, seed: 1 })   ~20,000 residents (6 hamlets), unique CCCDs
 *
 * Every record passes `validateRecord`; the same seed always gives the same data.
 */
export * from './random.ts';
export * from './vietnam.ts';
export * from './people.ts';
