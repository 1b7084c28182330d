/** CI=true (or any value but "false") means nothing may skip: a missing tool or server is a failure. */
export const inCI = !!process.env.CI && process.env.CI !== 'false';
