import nodemailer, { type Transporter } from 'nodemailer';
import QRCode from 'qrcode';
import type { Config } from '../../platform/config.js';

/** One message as the outbox holds it. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** a URL to show as a QR code in the message (the invitation link, which the badge desk scans) */
  qr?: string | null;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

const transports = new Map<string, Transporter>();

/**
 * smtp://user:pass@host:port (STARTTLS when offered) or smtps:// (TLS from the start); `?ignoreTLS=true`,
 * `?requireTLS=true` and `?rejectUnauthorized=false` as nodemailer knows them. Short timeouts: a failed
 * message is recorded and retried, it must not hold the organiser's send for minutes.
 */
function transportOptions(url: string) {
  const u = new URL(url);
  const flag = (name: string) => u.searchParams.get(name) === 'true';
  return {
    host: u.hostname,
    ...(u.port ? { port: Number(u.port) } : {}),
    secure: u.protocol === 'smtps:',
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
    ignoreTLS: flag('ignoreTLS'),
    requireTLS: flag('requireTLS'),
    ...(u.searchParams.get('rejectUnauthorized') === 'false' ? { tls: { rejectUnauthorized: false } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  };
}

/** The SMTP mailer when HUIWU_SMTP_URL is set; null means messages stay in the local outbox. */
export function mailerOf(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'publicUrl'>): Mailer | null {
  const url = config.smtpUrl;
  if (!url) return null;
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport(transportOptions(url));
    transports.set(url, transport);
  }
  const host = config.publicUrl ? new URL(config.publicUrl).hostname : 'localhost';
  const from = config.mailFrom ?? `Huiwu <noreply@${host}>`;
  const t = transport;
  return {
    async send(mail) {
      if (!mail.qr) {
        await t.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
        return;
      }
      const png = await QRCode.toBuffer(mail.qr, { errorCorrectionLevel: 'M', margin: 2, width: 320 });
      await t.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: htmlOf(mail.text, mail.qr),
        attachments: [{ filename: 'invitation-qr.png', content: png, contentType: 'image/png', cid: QR_CID }],
      });
    },
  };
}

const QR_CID = 'invitation-qr@huiwu';
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The text as HTML, its link clickable, and the QR of the link below it: what the badge desk scans. */
function htmlOf(text: string, link: string): string {
  const paragraphs = escape(text)
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>').replace(escape(link), `<a href="${escape(link)}">${escape(link)}</a>`)}</p>`)
    .join('\n');
  return `<!doctype html><html><body>${paragraphs}\n<p><img src="cid:${QR_CID}" width="200" height="200" alt="QR"></p></body></html>`;
}

/** The invitation link in a message's text, which its QR code encodes. */
export const invitationLinkIn = (text: string): string | null => /https?:\/\/\S+?\/app\/register\/[A-Za-z0-9_-]+/.exec(text)?.[0] ?? null;
