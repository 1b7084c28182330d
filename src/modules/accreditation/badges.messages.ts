import { defineMessages } from '../../platform/i18n/define.js';

/** The badges feature's messages (keys under `error.` are refusal codes). */
export const badgesMessages = defineMessages(
  {
    'error.no_badges': 'No current badge matches: issue the missing credentials first, or choose another category.',
    'error.no_current_badge': 'This guest holds no current badge credential (not approved, no category, or not issued yet).',
    'error.no_badge': 'You have no badge for this event yet.',
    'error.batch_not_ready': 'This batch is not finished ({status}).',
  },
  {
    'error.no_badges': '没有符合条件的有效证件：请先补发证件，或选择其他类别。',
    'error.no_current_badge': '该嘉宾没有有效证件（未审核通过、未分配类别或尚未制证）。',
    'error.no_badge': '您在本活动还没有证件。',
    'error.batch_not_ready': '该批次尚未完成（{status}）。',
  },
  { no_badges: 409, no_current_badge: 409, no_badge: 404, batch_not_ready: 409 },
);
