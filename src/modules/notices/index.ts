// The notices module's face to other modules (DESIGN: modules use only each other's exported services).
import { defineModule } from '../../platform/module.js';
import { migrations } from './migrations/index.js';
import type { NoticesTables } from './notices.tables.js';
import { noticesRoutes } from './notices.routes.js';
import { noticesPrivacy } from './notices.privacy.js';
export { composeNotice } from './compose-notice.js';
export { publishDueNotices, startNoticeScheduler } from './publish-due-notices.js';
export type { NoticesTables } from './notices.tables.js';

/** The notices module as the composition root plugs it in (ADR 0010). */
export const manifest = defineModule<NoticesTables>()({
  name: 'notices',
  tables: ['notices', 'notice_deliveries'],
  migrations,
  permissions: {
    'notices.manage': ['organiser'],
  },
  messages: [],
  routes: noticesRoutes,
  privacy: noticesPrivacy,
});
