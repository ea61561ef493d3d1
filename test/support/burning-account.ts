/**
 * One /v1/batch body that takes a new account from nothing to "burning" under
 * examples/team-plan-pql.yml (activation gate passed; seat limit 30 + 3 active users 25 + pricing
 * ×3 15 + broad use 20 + company size 10 = 100 points, recency ×1.0), with its three users' names
 * and e-mails.
 */
let counter = 0;

export function burningBatch(
  account: string,
  now: number = Date.now(),
): { batch: Record<string, unknown>[] } {
  const id = () => `${account}-m${counter++}`;
  const at = (agoMs: number) => new Date(now - agoMs).toISOString();
  const users = [0, 1, 2].map((u) => `${account}-u${u}`);
  const [first = '', second = '', third = ''] = users;
  const track = (userId: string, event: string) => ({
    type: 'track',
    messageId: id(),
    userId,
    event,
    properties: {},
    timestamp: at(60_000),
    context: { groupId: account },
  });
  const pricing = (userId: string) => ({
    type: 'page',
    messageId: id(),
    userId,
    name: 'Pricing',
    properties: { path: '/pricing' },
    timestamp: at(50_000),
    context: { groupId: account },
  });
  return {
    batch: [
      ...users.map((userId, n) => ({
        type: 'identify',
        messageId: id(),
        userId,
        traits: { email: `user${n}@${account}.example.com`, name: `User ${n} of ${account}` },
        timestamp: at(180_000),
      })),
      ...users.map((userId) => ({
        type: 'group',
        messageId: id(),
        userId,
        groupId: account,
        traits: { name: `Company ${account}`, company_size: 250 },
        timestamp: at(120_000),
      })),
      track(first, 'Data Source Connected'),
      track(first, 'Dashboard Created'),
      track(second, 'Teammate Invited'),
      track(second, 'Teammate Invited'),
      track(third, 'Seat Limit Reached'),
      pricing(third),
      pricing(third),
      pricing(third),
    ],
  };
}
