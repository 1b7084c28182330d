// The events module's face to other modules (DESIGN: modules use only each other's exported services).
export { isValidTimeZone, toEventView } from './events.store.js';
