// The faces module's face to other modules: enrolment, withdrawal, the shredder and the audited read.
import { defineModule } from '../../platform/module.js';
import { migrations } from './migrations/index.js';
import type { FacesTables } from './faces.tables.js';
import { facesRoutes } from './faces.routes.js';
import { facesMessages } from './faces.messages.js';
import { facesPrivacy } from './faces.privacy.js';
export { facesRoutes } from './faces.routes.js';
export { enrolFace, faceConsentGiven, readEnrolledDescriptor, sealingSecret, withdrawFace, FACE_MODEL, MIN_ENROL_FACE_PX, MIN_ENROL_SCORE } from './enrol-face.js';
export { withdrawFaceIn, type WithdrawReason } from './enrol-face.js';
// what faces needs of the modules above it, supplied by the composition root (ADR 0012)
export { faceSubjects, type FaceSubject, type FaceSubjects } from './faces.ports.js';
export { shredFaces, type ShredCounts } from './shred-faces.js';
export { sealDescriptor, unsealDescriptor } from './seal-descriptor.js';
export type { FacesTables } from './faces.tables.js';

/** The faces module as the composition root plugs it in (ADR 0010). */
export const manifest = defineModule<FacesTables>()({
  name: 'faces',
  tables: ['face_enrolments'],
  migrations,
  permissions: {
    /** a face check at a gate (1:1 with the badge, 1:N in a face-only lane); reads sealed enrolments, audited */
    'gate.face': { roles: ['organiser', 'gate_staff', 'device'], devices: ['face_terminal'] },
  },
  messages: [facesMessages],
  routes: facesRoutes,
  privacy: facesPrivacy,
});
