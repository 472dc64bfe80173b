// Page models of the app for the end-to-end tests: sign-in and sync, the home visit.
export * from './session';
export * from './visit';
export { expectAccessible } from '../accessibility';
