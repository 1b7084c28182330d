import { defineMessages } from '../../platform/i18n/define.js';

/** Accreditation: categories, zone rules, credentials (keys under `error.` are refusal codes). */
export const accreditationMessages = defineMessages(
  {
    'error.guest_not_approved': 'Only an approved guest can be accredited; this one is {status}.',
    'error.guest_without_category': 'The guest has no accreditation category yet.',
    'error.credential_already_revoked': 'This credential is already revoked.',
    'error.range_too_long': 'The time range is too long; ask for at most {hours} hours at once.',
  },
  {
    'error.guest_not_approved': '只有审核通过的嘉宾才能制证，该嘉宾的状态为 {status}。',
    'error.guest_without_category': '该嘉宾尚未分配证件类别。',
    'error.credential_already_revoked': '该证件已被注销。',
    'error.range_too_long': '时间范围过长，一次最多查询 {hours} 小时。',
  },
  { guest_not_approved: 409, guest_without_category: 409, credential_already_revoked: 409 },
);
