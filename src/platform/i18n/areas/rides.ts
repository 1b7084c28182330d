import { defineMessages } from './define.js';

/** The guest's cart rides and the driver station (keys under `error.` are refusal codes). */
export const ridesMessages = defineMessages({}, {}, {});
