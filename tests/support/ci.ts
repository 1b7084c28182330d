/** CI=true (or any value but "false") means nothing may skip: a missing tool or server is a failure. */
export const inCI = !!process.env.CI && process.env.CI !== 'false';

/**
 * The one exception: the face photos are pictures of real people, kept outside the repository on purpose (see
 * tests/support/faces.ts). Their absence is not a broken machine, so suites that need them skip even in CI; their
 * names carry this tag, and .ci/run's closing check counts skips under it apart from the skips it forbids.
 */
export const FACE_PHOTOS_TAG = '[face photos]';
