import { type Actor, type Deps, emit } from '../../platform/deps.js';
import type { GuestLanguage } from './people.schema.js';
import { ok, refuse, type Result } from '../../platform/result.js';
import { PLACEHOLDERS, TEMPLATE_KINDS, type TemplateKind, type TemplatesInput, type TemplateView } from './invitations.schema.js';

type Text = { subject: string; body: string };

/** What an invitation says until the organiser writes their own: formal, as a summit's letters are. */
export const DEFAULT_TEMPLATES: Record<TemplateKind, Record<GuestLanguage, Text>> = {
  invitation: {
    zh: {
      subject: '{event}邀请函',
      body: [
        '尊敬的{name}：',
        '',
        '您好！我们谨诚挚邀请您出席{event}。',
        '',
        '请于{deadline}前通过以下个人专属链接完成参会注册：',
        '{link}',
        '',
        '此链接仅供您本人使用，请勿转发。本邮件中的二维码与上述链接对应；报到时请在证件领取处出示该二维码，工作人员将据此为您办理参会证件。',
        '',
        '如有任何疑问，请直接回复本邮件。期待您的光临！',
        '',
        '{event}组委会',
      ].join('\n'),
    },
    en: {
      subject: 'Invitation to {event}',
      body: [
        'Dear {name},',
        '',
        'It is our great pleasure to invite you to {event}.',
        '',
        'Please complete your registration by {deadline} using your personal link:',
        '{link}',
        '',
        'This link is for you alone; please do not forward it. The QR code in this email stands for the same link: show it at the badge desk on arrival and our staff will hand you your badge.',
        '',
        'Should you have any questions, simply reply to this email. We look forward to welcoming you.',
        '',
        'The {event} Organising Committee',
      ].join('\n'),
    },
  },
};

const LANGUAGES: GuestLanguage[] = ['zh', 'en'];

/** The event's templates for every kind and language: the organiser's own, or the default. */
export async function listTemplates(deps: Deps, eventId: number): Promise<Result<TemplateView[]>> {
  const rows = await deps.db.selectFrom('message_templates').selectAll().where('event_id', '=', eventId).execute();
  const own = new Map(rows.map((r) => [`${r.kind}/${r.language}`, r]));
  return ok(
    TEMPLATE_KINDS.flatMap((kind) =>
      LANGUAGES.map((language) => {
        const row = own.get(`${kind}/${language}`);
        return row
          ? { kind, language, subject: row.subject, body: row.body, isDefault: false }
          : { kind, language, ...DEFAULT_TEMPLATES[kind][language], isDefault: true };
      }),
    ),
  );
}

const PLACEHOLDER = /\{([^{}\s]{1,40})\}/g;

/** Saves the organiser's templates; a placeholder the renderer does not know, or a message without its link, is refused. */
export async function saveTemplates(deps: Deps, actor: Actor, eventId: number, input: TemplatesInput): Promise<Result<TemplateView[]>> {
  const seen = new Set<string>();
  for (const [i, t] of input.templates.entries()) {
    const key = `${t.kind}/${t.language}`;
    if (seen.has(key)) return refuse('template_duplicate', `templates.${i}.language`);
    seen.add(key);
    for (const part of ['subject', 'body'] as const) {
      for (const [, name] of t[part].matchAll(PLACEHOLDER)) {
        if (!(PLACEHOLDERS as readonly string[]).includes(name!))
          return refuse('template_placeholder_unknown', `templates.${i}.${part}`, { placeholder: `{${name}}` });
      }
    }
    if (!t.body.includes('{link}')) return refuse('template_link_missing', `templates.${i}.body`);
  }
  await deps.db.transaction().execute(async (trx) => {
    for (const t of input.templates) {
      await trx
        .insertInto('message_templates')
        .values({ event_id: eventId, kind: t.kind, language: t.language, subject: t.subject, body: t.body })
        .onConflict((oc) => oc.columns(['event_id', 'kind', 'language']).doUpdateSet({ subject: t.subject, body: t.body }))
        .execute();
    }
  });
  await emit(deps, actor, eventId, {
    type: 'invitation.templates_saved',
    payload: { templates: input.templates.map((t) => `${t.kind}/${t.language}`) },
  });
  return listTemplates(deps, eventId);
}

/** Fills the placeholders; one pass, so a value that itself contains `{link}` is not filled again. */
export function render(text: string, values: Record<(typeof PLACEHOLDERS)[number], string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (name in values ? values[name as keyof typeof values] : whole));
}
