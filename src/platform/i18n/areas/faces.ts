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
    'error.face_image_missing': 'Send the camera frame as the request body (image/jpeg, image/png or image/webp) ({field}).',
    'error.face_image_invalid': 'The frame is not a readable image: send a JPEG, PNG or WebP ({field}).',
    'error.face_image_truncated': 'The image is incomplete or damaged; take the picture again ({field}).',
    'error.face_image_too_large': 'The image is too large for a face check: at most 25 MB and 40 megapixels ({field}).',
    'error.face_image_too_small': 'The image is too small to find a face in: at least 32 × 32 px ({field}).',
  },
  {
    'error.face_consent_missing': '该嘉宾未同意人脸识别，不登记人脸（{field}）。',
    'error.face_no_photo': '该嘉宾没有可用于登记人脸的报名照片（{field}）。',
    'error.face_count': '照片中必须恰好有一张人脸，当前为 {count} 张（{field}）。',
    'error.face_too_small': '人脸宽 {size} 像素，登记至少需要 {min} 像素（{field}）。',
    'error.face_unclear': '人脸检测得分为 {score}，登记至少需要 {min}（{field}）。',
    'error.face_event_running': '活动于 {end} 结束；人脸和照片在活动结束后销毁，或强制销毁（{field}）。',
    'error.face_image_missing': '请在请求正文中发送摄像头画面（image/jpeg、image/png 或 image/webp）（{field}）。',
    'error.face_image_invalid': '画面不是可读取的图像，请发送 JPEG、PNG 或 WebP（{field}）。',
    'error.face_image_truncated': '图像不完整或已损坏，请重新拍摄（{field}）。',
    'error.face_image_too_large': '图像过大，无法核验人脸：最大 25 MB、4000 万像素（{field}）。',
    'error.face_image_too_small': '图像过小，无法查找人脸：至少 32 × 32 像素（{field}）。',
  },
  {
    face_consent_missing: 409,
    face_no_photo: 409,
    face_count: 422,
    face_too_small: 422,
    face_unclear: 422,
    face_event_running: 409,
    face_image_missing: 400,
    face_image_invalid: 422,
    face_image_truncated: 422,
    face_image_too_large: 413,
    face_image_too_small: 422,
  },
);
