// The notices module's face to other modules (DESIGN: modules use only each other's exported services).
export { composeNotice } from './compose-notice.js';
export { publishDueNotices, startNoticeScheduler } from './publish-due-notices.js';
