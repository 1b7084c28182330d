import { defineMessages } from './define.js';

/** The access feature's messages (keys under `error.` are refusal codes). */
export const accessMessages = defineMessages(
  {
    'error.access_placeholder': 'unused',
  },
  {
    'error.access_placeholder': '未使用',
  },
);
