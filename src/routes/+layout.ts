// A client-rendered SPA: every route works offline from the precached shell.
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';
