import { defineMessages } from '../../platform/i18n/define.js';

/** The badge desk's messages (keys under `error.` are refusal codes). */
export const deskMessages = defineMessages(
  {
    'error.invitation_unreadable': 'This is not an invitation code; scan the QR of the invitation email or letter.',
    'error.invitation_unknown': 'No guest of this event has this invitation (it may belong to another event or have been replaced).',
    'error.badge_guest_not_approved': 'Only an approved guest receives a badge; this one is {status}.',
    'error.badge_no_credential': 'The guest has no valid badge yet (none issued, or it was revoked): print the badge first.',
  },
  {
    'error.invitation_unreadable': '这不是邀请码，请扫描邀请邮件或邀请函上的二维码。',
    'error.invitation_unknown': '本活动没有持此邀请的嘉宾（可能属于其他活动或已被替换）。',
    'error.badge_guest_not_approved': '只有审核通过的嘉宾才能领取证件，该嘉宾的状态为 {status}。',
    'error.badge_no_credential': '该嘉宾尚无有效证件（未制证或已注销），请先制证。',
  },
  { invitation_unknown: 404, badge_guest_not_approved: 409, badge_no_credential: 409 },
);
