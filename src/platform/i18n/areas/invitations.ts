import { defineMessages } from './define.js';

/** The invitations feature's messages (keys under `error.` are refusal codes). */
export const invitationsMessages = defineMessages(
  {
    'error.invitations_placeholder': 'unused',
  },
  {
    'error.invitations_placeholder': '未使用',
  },
);
