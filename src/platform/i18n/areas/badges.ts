import { defineMessages } from './define.js';

/** The badges feature's messages (keys under `error.` are refusal codes). */
export const badgesMessages = defineMessages(
  {
    'error.badges_placeholder': 'unused',
  },
  {
    'error.badges_placeholder': '未使用',
  },
);
