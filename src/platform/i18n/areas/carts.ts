import { defineMessages } from './define.js';

/** The sightseeing carts' messages (keys under `error.` are refusal codes). */
export const cartsMessages = defineMessages({}, {}, {});
