import type { DevMailbox } from '../../ports/dev-mailbox.js';
import type { Mailer, OutgoingEmail } from '../../ports/mailer.js';
import { check, same } from './check.js';
import type { ContractRunner } from './harness.js';

/** A development mailer and the mailbox that reads what it saved, on an empty store. */
export interface DevMailboxSubject {
  readonly mailer: Mailer;
  readonly mailbox: DevMailbox;
  /** The `from` the mailer was made with. */
  readonly from: string;
  dispose?(): Promise<void>;
}

const email = (n: number, changes: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  to: `person${n}@example.com`,
  subject: `Message ${n}`,
  text: `Text ${n}`,
  html: `<p>Text ${n}</p>`,
  ...changes,
});

export function devMailboxContract(runner: ContractRunner, factory: () => Promise<DevMailboxSubject>): void {
  const { describe, it } = runner;
  describe('DevMailbox contract', () => {
    const withSubject = async (body: (subject: DevMailboxSubject) => Promise<void>) => {
      const subject = await factory();
      try {
        await body(subject);
      } finally {
        await subject.dispose?.();
      }
    };

    it('is empty before anything was saved', () =>
      withSubject(async ({ mailbox }) => {
        same(await mailbox.list(10), [], 'an empty mailbox lists nothing');
      }));

    it('lists what the mailer saved, newest first, up to the limit', () =>
      withSubject(async ({ mailer, mailbox, from }) => {
        for (const n of [1, 2, 3]) await mailer.send(email(n));
        const all = await mailbox.list(10);
        same(
          all.map((m) => m.subject),
          ['Message 3', 'Message 2', 'Message 1'],
          'newest first',
        );
        same(
          (await mailbox.list(2)).map((m) => m.subject),
          ['Message 3', 'Message 2'],
          'the limit keeps the newest',
        );
        const [newest] = all;
        check(newest !== undefined, 'a message is listed');
        same(newest?.to, 'person3@example.com', 'the recipient');
        check(newest?.from.includes(from.replace(/^.*<|>$/g, '')) === true, `the sender (${from})`);
        same(newest?.text.trim(), 'Text 3', 'the plain-text part');
        check(newest?.savedAt instanceof Date && !Number.isNaN(newest.savedAt.getTime()), 'a save time');
        same(new Set(all.map((m) => m.id)).size, 3, 'every message has its own id');
      }));

    it('decodes what the transport encoded: long lines, "=", non-ASCII text and subject', () =>
      withSubject(async ({ mailer, mailbox }) => {
        const link = `https://app.example/reset-password?token=${'a1_-'.repeat(30)}=&x=y`;
        const text = `Hola: abre este enlace, señora Núñez\n\n${link}\n\n— Ünïcödé ✓\n`;
        await mailer.send(email(1, { subject: 'Restablece tu contraseña ✓', text }));
        const [message] = await mailbox.list(1);
        same(message?.subject, 'Restablece tu contraseña ✓', 'the subject, decoded');
        check(message?.text.includes(`\n${link}\n`) === true, 'the link whole, on its own line');
        check(message?.text.includes('señora Núñez') === true, 'non-ASCII text, decoded');
        check(message?.text.includes('— Ünïcödé ✓') === true, 'every character kept');
      }));
  });
}
