import { defineMessages } from '../i18n/define.js';

/** The privacy registry's refusals (keys under `error.` are refusal codes). */
export const privacyMessages = defineMessages(
  {
    'error.privacy_event_running': 'The event ends on {end}; its personal data is shredded after it ends, or with force ({field}).',
    'error.privacy_person_unknown': 'No guest or account of this event matches {field}.',
  },
  {
    'error.privacy_event_running': '活动于 {end} 结束；个人数据在活动结束后销毁，或强制销毁（{field}）。',
    'error.privacy_person_unknown': '本活动中没有与 {field} 匹配的嘉宾或账户。',
  },
  { privacy_event_running: 409, privacy_person_unknown: 404 },
);
