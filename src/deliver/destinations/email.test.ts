import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleAlert, sampleNotice } from '../test-support/sample-alert.ts';
import { createEmailDestination, emailConfigSchema } from './email.ts';

const PASSWORD = 'smtp-pass-s3cr3t-value';
let server: SMTPServer | null = null;

afterEach(async () => {
  const running = server;
  server = null;
  await new Promise<void>((resolve) => (running === null ? resolve() : running.close(() => resolve())));
});

async function startSmtp(options: Partial<SMTPServerOptions> = {}) {
  const received: ParsedMail[] = [];
  const logins: string[] = [];
  server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push(`${auth.username}:${auth.password}`);
      if (auth.password === PASSWORD) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
    },
    ...options,
  });
  const smtp = server;
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  return { port, received, logins };
}

function email(port: number, overrides: Record<string, unknown> = {}) {
  const config = emailConfigSchema.parse({
    kind: 'email',
    host: '127.0.0.1',
    port,
    user_env: 'SMTP_USER',
    password_env: 'SMTP_PASSWORD',
    from: 'Kindling <alerts@kindling.example>',
    to: ['sales@vendor.example'],
    // The test server offers no STARTTLS; the refusal without this flag is tested below.
    allow_insecure_auth: true,
    ...overrides,
  });
  const created = createEmailDestination('mail', config, {
    env: { SMTP_USER: 'kindling', SMTP_PASSWORD: PASSWORD },
    now: () => Date.parse('2024-05-01T18:00:00Z'),
  });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.value;
}

const addresses = (mail: ParsedMail) =>
  [mail.to].flat().flatMap((to) => to?.value.map((address) => address.address) ?? []);

describe('email destination', () => {
  it('sends an alert to the team and the owner, with text, HTML and a stable Message-ID', async () => {
    const smtp = await startSmtp();
    const outcome = await email(smtp.port).send(sampleAlert(), {
      idempotencyKey: 'q_01HZX3:mail',
      attempt: 1,
    });
    expect(outcome).toMatchObject({ kind: 'delivered', status: 250, response: { accepted: 2, rejected: 0 } });
    const [mail] = smtp.received;
    expect(smtp.logins).toEqual([`kindling:${PASSWORD}`]);
    expect(mail?.subject).toContain(
      'Ada Lovelace <ada@analytical.example> (Analytical Engines): burning (up from hot)',
    );
    expect(addresses(mail as ParsedMail).sort()).toEqual(['sales@vendor.example', 'sarah@vendor.example']);
    expect(mail?.messageId).toBe('<q_01HZX3-mail@kindling>');
    expect(mail?.text).toContain('Teammate Invited ×5 in the last 7 days');
    expect(mail?.html).toContain('<strong>Why</strong>');
    expect(mail?.headers.get('x-kindling-attempt')).toBe('1');
  });

  it('sends a daily digest of many alerts in one message', async () => {
    const smtp = await startSmtp();
    const alerts = [
      sampleAlert({ id: 'a', name: 'First Person', score: 55 }),
      sampleAlert({ id: 'b', name: 'Second Person', score: 91 }),
      sampleAlert({ id: 'c', name: 'Third Person', score: 70 }),
    ];
    const outcome = await email(smtp.port, { to_owner: false }).sendDigest(alerts, {
      idempotencyKey: 'digest:2024-05-01:mail',
      attempt: 1,
    });
    expect(outcome.kind).toBe('delivered');
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail?.subject).toBe('[Kindling] Daily PQL digest for 2024-05-01: 3 leads');
    expect(addresses(mail as ParsedMail)).toEqual(['sales@vendor.example']);
    const text = mail?.text ?? '';
    expect(text.indexOf('Second Person')).toBeLessThan(text.indexOf('Third Person'));
    expect(text.indexOf('Third Person')).toBeLessThan(text.indexOf('First Person'));
  });

  it('dead-letters a permanent 5xx rejection and retries a temporary 4xx, never showing the password', async () => {
    let reply = 550;
    const smtp = await startSmtp({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error(`mailbox unavailable ${PASSWORD}`), { responseCode: reply }));
      },
    });
    const destination = email(smtp.port);
    const dead = await destination.send(sampleAlert(), { idempotencyKey: 'k', attempt: 1 });
    expect(dead).toMatchObject({ kind: 'dead', status: 550 });
    reply = 451;
    const again = await destination.send(sampleAlert(), { idempotencyKey: 'k', attempt: 2 });
    expect(again).toMatchObject({ kind: 'retry', status: 451 });
    for (const outcome of [dead, again]) expect(JSON.stringify(outcome)).not.toContain(PASSWORD);
  });

  it('retries when the server cannot be reached or hangs', async () => {
    const refused = await email(1).send(sampleAlert(), { idempotencyKey: 'k', attempt: 1 });
    expect(refused).toMatchObject({ kind: 'retry', status: null });
    const smtp = await startSmtp({
      onData(_stream, _session, _callback) {
        // Never answers: the client must give up on its own.
      },
    });
    const hung = await email(smtp.port, { timeout_ms: 300 }).send(sampleAlert(), {
      idempotencyKey: 'k',
      attempt: 1,
    });
    expect(hung).toMatchObject({ kind: 'retry', status: null });
  });

  it('refuses to authenticate over a connection without TLS unless allowed, sending nothing', async () => {
    const smtp = await startSmtp();
    const outcome = await email(smtp.port, { allow_insecure_auth: false }).send(sampleAlert(), {
      idempotencyKey: 'k',
      attempt: 1,
    });
    expect(outcome).toMatchObject({ kind: 'dead', status: null });
    expect(outcome.kind === 'dead' && outcome.detail).toContain('allow_insecure_auth: true');
    expect(JSON.stringify(outcome)).not.toContain(PASSWORD);
    expect(smtp.logins).toEqual([]);
    expect(smtp.received).toEqual([]);
  });

  it('sends without TLS when there are no credentials to protect', async () => {
    const smtp = await startSmtp({ authOptional: true });
    const outcome = await email(smtp.port, {
      user_env: undefined,
      password_env: undefined,
      allow_insecure_auth: false,
    }).send(sampleAlert(), { idempotencyKey: 'k', attempt: 1 });
    expect(outcome.kind).toBe('delivered');
    expect(smtp.logins).toEqual([]);
    expect(smtp.received).toHaveLength(1);
  });

  it('sends a delivery failure notice to the team only, never to lead owners', async () => {
    const smtp = await startSmtp();
    const notice = sampleNotice({
      kind: 'recovered',
      recoveredAt: '2024-05-01T12:40:00.000Z',
      deadLetters: 2,
    });
    const outcome = await email(smtp.port).sendNotice(notice, {
      idempotencyKey: 'inc_1:recovered',
      attempt: 1,
    });
    expect(outcome.kind).toBe('delivered');
    const [mail] = smtp.received;
    expect(mail?.subject).toBe('[Kindling] Deliveries to crm-sync recovered');
    expect(addresses(mail as ParsedMail)).toEqual(['sales@vendor.example']);
    expect(mail?.text).toContain('Deliveries to crm-sync succeed again since 2024-05-01 12:40 UTC');
    expect(mail?.text).toContain('2 dead letters and 4 deliveries pending. Replay the dead letters');
  });

  it('has nobody to write to without `to` or an owner e-mail', async () => {
    const outcome = await email(1, { to: [] }).send(sampleAlert({ owner: null }), {
      idempotencyKey: 'k',
      attempt: 1,
    });
    expect(outcome).toMatchObject({ kind: 'dead', status: null });
  });
});
