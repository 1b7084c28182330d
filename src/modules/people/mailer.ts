import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../platform/config.js';

/** One message as the outbox holds it. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

const transports = new Map<string, Transporter>();

/** The SMTP mailer when HUIWU_SMTP_URL is set; null means messages stay in the local outbox. */
export function mailerOf(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'publicUrl'>): Mailer | null {
  const url = config.smtpUrl;
  if (!url) return null;
  let transport = transports.get(url);
  if (!transport) {
    // short timeouts: a send answers the organiser, and a failed message can be retried
    transport = nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as never);
    transports.set(url, transport);
  }
  const host = config.publicUrl ? new URL(config.publicUrl).hostname : 'localhost';
  const from = config.mailFrom ?? `Huiwu <noreply@${host}>`;
  const t = transport;
  return {
    async send(mail) {
      await t.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
