// The programme module's face to other modules (DESIGN: modules use only each other's exported services).
export { exportCalendar } from './export-calendar.js';
export { overlappingPairs } from './find-conflicts.js';
export { programmeForViewer, type Viewer } from './read-programme.js';
