import { defineMessages } from './define.js';

/** The badge desk's messages (keys under `error.` are refusal codes). */
export const deskMessages = defineMessages(
  {
    'error.desk_placeholder': 'unused',
  },
  {
    'error.desk_placeholder': '未使用',
  },
);
