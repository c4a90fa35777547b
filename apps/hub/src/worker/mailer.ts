import nodemailer from 'nodemailer';

export interface Mail {
  to: string[];
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/**
 * Notification mail through SMTP_URL; without it, mail is written to the log so an operator still
 * sees what would have gone out.
 */
export function createMailer(options: {
  smtpUrl?: string | undefined;
  from: string;
  log: (message: string) => void;
}): Mailer {
  if (!options.smtpUrl) {
    return {
      async send(mail) {
        options.log(`mail (SMTP_URL unset) to ${mail.to.join(', ')}: ${mail.subject}\n${mail.text}`);
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    async send(mail) {
      if (mail.to.length === 0) return;
      await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close() {
      transport.close();
    },
  };
}
