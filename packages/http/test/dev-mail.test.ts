import { expect } from 'chai';
import { TOKENS, type Mailer } from '@codex-auth/domain';
import { BACKEND } from './support/backend.js';
import type { World } from './support/world.js';
import { uniqueEmail } from './support/world.js';
import { useWorld } from './support/use-world.js';

const PASSWORD = 'a long enough password 1';

describe(`the development mailbox at /dev/mail (${BACKEND})`, function () {
  this.timeout(60_000);
  let world: World;

  useWorld((w) => (world = w));

  /** Registers over HTTP, approves through the use cases, asks for a link, and delivers it. */
  async function resetEmailFor(email: string, locale?: string): Promise<void> {
    const registered = await world.request('POST', '/api/v1/auth/register', {
      json: { email, password: PASSWORD, ...(locale === undefined ? {} : { locale }) },
    });
    expect(registered.status, registered.text).to.equal(201);
    const approved = await world.application.useCases.approveUser.execute({ id: registered.body.user.id });
    expect(approved.ok).to.equal(true);
    const forgot = await world.request('POST', '/api/v1/auth/forgot-password', { json: { email } });
    expect(forgot.status).to.equal(202);
    await world.deliverMail();
  }

  it('shows a sent reset email, its link clickable, in the account’s language, newest first', async () => {
    const ann = uniqueEmail('ann');
    const eva = uniqueEmail('eva');
    await resetEmailFor(ann);
    await resetEmailFor(eva, 'es');

    const page = await world.request('GET', '/dev/mail');
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.match(/^text\/html/);
    expect(page.headers.get('cache-control')).to.equal('no-store');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp)
      .to.include("default-src 'none'")
      .and.include("style-src 'self'")
      .and.not.include('script-src');

    const links = [...page.text.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    const resetLinks = links.filter(([href]) => href!.includes('/reset-password?token='));
    expect(resetLinks, page.text).to.have.length(2);
    for (const [href, text] of resetLinks) {
      // The link as the server wrote it, decoded from quoted-printable, pointing where it listens.
      expect(href).to.match(/^http:\/\/localhost:8000\/reset-password\?token=[A-Za-z0-9_-]{40,}$/);
      expect(text).to.equal(href);
      world.secrets.add(href!.split('token=')[1]!);
    }
    // The last token works: the page shows what a person would click.
    const token = resetLinks[0]![0]!.split('token=')[1]!;
    const reset = await world.request('POST', '/api/v1/auth/reset-password', {
      json: { token, password: 'a brand new password 2' },
    });
    expect(reset.status, reset.text).to.equal(200);

    const evaAt = page.text.indexOf(eva);
    const annAt = page.text.indexOf(ann);
    expect(evaAt).to.be.greaterThan(-1);
    expect(annAt).to.be.greaterThan(evaAt, 'newest first');
    const evaPart = page.text.slice(evaAt - 400, annAt);
    expect(evaPart).to.include('Restablece tu contraseña de Codex Auth').and.include('abre este enlace');
    expect(page.text.slice(annAt - 400)).to.include('Reset your Codex Auth password');

    const css = await world.request('GET', '/dev/mail/mail.css');
    expect([css.status, css.headers.get('content-type')]).to.deep.equal([200, 'text/css; charset=utf-8']);
  });

  it('shows an email’s content as text: markup escaped, only http(s) URLs made links', async () => {
    const mailer = world.application.container.get<Mailer>(TOKENS.Mailer);
    await mailer.send({
      to: 'victim@example.com',
      subject: '<img src=x onerror=alert(1)> hello',
      text: [
        '<script>alert("x")</script>',
        'javascript:alert(1) and data:text/html,<b>x</b>',
        'See https://app.example/a?b=1&c="2"<tail>, then (https://app.example/z).',
      ].join('\n'),
      html: '<script>alert(2)</script><a href="javascript:alert(3)">click</a>',
    });
    const page = (await world.request('GET', '/dev/mail')).text;
    expect(page).to.not.match(/<script|<img|href="javascript|href="data/i);
    expect(page).to.include('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).to.include('&lt;img src=x onerror=alert(1)&gt; hello');
    expect(page).to.include(
      '<a href="https://app.example/a?b=1&amp;c=">https://app.example/a?b=1&amp;c=</a>',
    );
    expect(page).to.include('(<a href="https://app.example/z">https://app.example/z</a>).');
  });

  it('refuses a locale it has no texts for, naming the field; the user object has no locale', async () => {
    const bad = await world.request('POST', '/api/v1/auth/register', {
      json: { email: uniqueEmail(), password: PASSWORD, locale: 'fr' },
    });
    expect(bad.status).to.equal(400);
    expect(bad.body.errors).to.deep.equal([{ field: 'locale', message: "must be 'en' or 'es'" }]);
    const ok = await world.request('POST', '/api/v1/auth/register', {
      json: { email: uniqueEmail(), password: PASSWORD, locale: 'es' },
    });
    expect(Object.keys(ok.body.user)).to.have.members([
      'id',
      'email',
      'role',
      'status',
      'created_at',
      'approved_at',
    ]);
  });

  it('is no part of the API: absent from the OpenAPI document and the docs page', async () => {
    const document = (await world.request('GET', '/api/v1/openapi.json')).body as { paths: object };
    expect(Object.keys(document.paths).filter((p) => p.startsWith('/dev'))).to.deep.equal([]);
    expect((await world.request('GET', '/api/v1/docs')).text).to.not.include('/dev/mail');
  });

  it('does not exist in production, even when handed a mailbox: 404, as any unknown path', async () => {
    const production = await world.serve({
      config: { ...world.config, env: 'production', production: true },
      devMailbox: world.application.devMailbox,
    });
    for (const path of ['/dev/mail', '/dev/mail/mail.css']) {
      const answer = await production.request('GET', path);
      expect([answer.status, answer.body.code], path).to.deep.equal([404, 'not_found']);
    }
  });
});
