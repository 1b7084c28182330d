import { createFileStore } from '../../platform/files/file-store.js';
import type { PrivacyRegistrant } from '../../platform/privacy/registry.js';
import { forgetFaceIndex } from './event-face-index.js';
import { faceSubjects } from './faces.ports.js';

/**
 * The faces module's personal data: enrolments (a sealed face template per guest who consented) and, as the face
 * shredder always did, the registration photos they are made from. The shred deletes both; only counts remain.
 */
export const facesPrivacy: PrivacyRegistrant = {
  module: 'faces',
  holds: [
    { what: 'face enrolment: a face template (AES-256-GCM sealed), the model and its quality facts', why: 'the 1:1 and 1:N face checks at the gates, with the face-recognition consent', retention: 'deleted after the event, or at once when the consent is withdrawn', zh: { what: '人脸登记：人脸模板（AES-256-GCM 加密）、模型及质量信息', why: '闸机 1:1 和 1:N 人脸核验（经人脸识别同意）', retention: '活动结束后删除，撤回同意时立即删除' } },
    { what: 'guest photo (the enrolment\'s source)', why: 'badge and identity check at the desk and the gate', retention: 'shredded after the event', zh: { what: '嘉宾照片（人脸登记的来源）', why: '服务台和闸机的证件及身份核验', retention: '活动结束后销毁' } },
  ],

  async export(ctx, person) {
    if (person.guestId === null) return [];
    const rows = await ctx.db
      .selectFrom('face_enrolments')
      .select(['id', 'model', 'model_version', 'face_px', 'score', 'enrolled_at'])
      .where('event_id', '=', person.eventId)
      .where('guest_id', '=', person.guestId)
      .execute();
    // the template itself stays sealed: it is a biometric key, not something a person reads
    return rows.map((r) => ({ kind: 'enrolment', id: r.id, model: r.model, modelVersion: r.model_version, facePx: r.face_px, score: r.score, enrolledAt: r.enrolled_at, template: 'sealed, not exported' }));
  },

  async shred(ctx, event) {
    const gone = await ctx.db.deleteFrom('face_enrolments').where('event_id', '=', event.id).returning('id').execute();
    // the photos are people's rows: blanked through its code (the faces.subjects port, ADR 0012)
    const { photoKeys, guests } = await faceSubjects.use().dropEventPhotos(ctx.db, event.id);
    const files = createFileStore(ctx.deps.config.filesDir);
    // the rows point nowhere any more; the files and the in-memory index go after the commit
    ctx.afterCommit(async () => {
      forgetFaceIndex(ctx.deps, event.id);
      for (const key of photoKeys) await files.remove(key);
    });
    return { removed: { enrolments: gone.length, photos: photoKeys.length }, kept: { guests } };
  },
};
