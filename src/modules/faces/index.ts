// The faces module's face to other modules: enrolment, withdrawal, the shredder and the audited read.
export { facesRoutes } from './faces.routes.js';
export { enrolFace, faceConsentGiven, readEnrolledDescriptor, sealingSecret, withdrawFace, FACE_MODEL, MIN_ENROL_FACE_PX, MIN_ENROL_SCORE } from './enrol-face.js';
export { shredFaces, type ShredCounts } from './shred-faces.js';
export { sealDescriptor, unsealDescriptor } from './seal-descriptor.js';
