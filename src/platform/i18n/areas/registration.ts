import { defineMessages } from './define.js';

/** The registration feature's messages (keys under `error.` are refusal codes). */
export const registrationMessages = defineMessages(
  {
    'error.registration_placeholder': 'unused',
  },
  {
    'error.registration_placeholder': '未使用',
  },
);
