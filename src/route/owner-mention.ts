/**
 * An owner's Slack member id, for mentions: the one the owner already carries (from a trait), else
 * the `slack_user_id` of their team membership. Owners read back from the leads table carry only
 * their e-mail, so a kept or escalated owner is looked up again here.
 */
import type { Owner, RoutingConfig } from '../definition/routing/routing-config.ts';

export function withSlackUserId(config: RoutingConfig, owner: Owner | null): Owner | null {
  if (owner === null || (owner.slackUserId ?? null) !== null) return owner;
  for (const team of Object.values(config.teams)) {
    const member = team.members.find((m) => m.email === owner.email && m.slackUserId !== null);
    if (member !== undefined) return { ...owner, slackUserId: member.slackUserId };
  }
  return owner;
}
