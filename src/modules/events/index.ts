// The events module's face to other modules (DESIGN: modules use only each other's exported services).
export { cachedEventResolver, isValidTimeZone, toEventView } from './events.store.js';
