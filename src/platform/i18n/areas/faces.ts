import { defineMessages } from './define.js';

/** Face enrolment and the face shredder (keys under `error.` are refusal codes). */
export const facesMessages = defineMessages(
  {
    'error.face_consent_missing': 'The guest has not given the face-recognition consent; no face is enrolled ({field}).',
    'error.face_no_photo': 'The guest has no registration photo to enrol a face from ({field}).',
    'error.face_count': 'The photo must show exactly one face; it shows {count} ({field}).',
    'error.face_too_small': 'The face is {size} px across; enrolment needs at least {min} px ({field}).',
    'error.face_unclear': 'The face was detected with a score of {score}; enrolment needs at least {min} ({field}).',
    'error.face_event_running': 'The event ends on {end}; faces and photos are shredded after it ends, or with force ({field}).',
  },
  {
    'error.face_consent_missing': '该嘉宾未同意人脸识别，不登记人脸（{field}）。',
    'error.face_no_photo': '该嘉宾没有可用于登记人脸的报名照片（{field}）。',
    'error.face_count': '照片中必须恰好有一张人脸，当前为 {count} 张（{field}）。',
    'error.face_too_small': '人脸宽 {size} 像素，登记至少需要 {min} 像素（{field}）。',
    'error.face_unclear': '人脸检测得分为 {score}，登记至少需要 {min}（{field}）。',
    'error.face_event_running': '活动于 {end} 结束；人脸和照片在活动结束后销毁，或强制销毁（{field}）。',
  },
  {
    face_consent_missing: 409,
    face_no_photo: 409,
    face_count: 422,
    face_too_small: 422,
    face_unclear: 422,
    face_event_running: 409,
  },
);
