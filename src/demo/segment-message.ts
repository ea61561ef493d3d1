/**
 * Segment HTTP Tracking API messages as the demo generator emits them, and the rendering of a
 * timed draft into one. Only documented Segment fields are used, so the output goes through any
 * Segment-compatible collector unchanged. Identified calls carry `userId` only (as server-side
 * sources send them); calls before sign-up carry `anonymousId` only.
 */
import type { JsonObject } from '../lib/json.ts';
import { isoTime } from './iso-time.ts';

interface Common {
  readonly messageId: string;
  /** ISO-8601 with milliseconds, UTC. */
  readonly timestamp: string;
}
interface GroupContext {
  readonly context?: { readonly groupId: string };
}

export interface TrackMessage extends Common, GroupContext {
  readonly type: 'track';
  readonly userId: string;
  readonly event: string;
  readonly properties: JsonObject;
}
export interface PageMessage extends Common, GroupContext {
  readonly type: 'page';
  readonly userId?: string;
  readonly anonymousId?: string;
  readonly name: string;
  readonly properties: { readonly path: string; readonly url: string; readonly title: string };
}
export interface IdentifyMessage extends Common {
  readonly type: 'identify';
  readonly userId: string;
  readonly anonymousId: string;
  readonly traits: JsonObject;
}
export interface GroupMessage extends Common {
  readonly type: 'group';
  readonly userId: string;
  readonly groupId: string;
  readonly traits: JsonObject;
}
export interface AliasMessage extends Common {
  readonly type: 'alias';
  readonly userId: string;
  readonly previousId: string;
}

export type DemoMessage = TrackMessage | PageMessage | IdentifyMessage | GroupMessage | AliasMessage;

/** Something a user does at a time, before it has a message id. */
export type Draft =
  | { readonly at: number; readonly kind: 'track'; readonly event: string; readonly properties: JsonObject }
  | { readonly at: number; readonly kind: 'page'; readonly path: string; readonly anonymousId: string | null }
  | { readonly at: number; readonly kind: 'identify'; readonly traits: JsonObject }
  | { readonly at: number; readonly kind: 'group'; readonly traits: JsonObject }
  | { readonly at: number; readonly kind: 'alias'; readonly previousId: string };

/** The user a draft is rendered for. */
export interface Speaker {
  readonly userId: string;
  readonly anonymousId: string;
  readonly groupId: string | null;
  /** Whether this account's app attaches `context.groupId` to identified page and track calls. */
  readonly sendsGroupContext: boolean;
}

const SITE_URL = 'https://tinderbox.example';

export function renderDraft(draft: Draft, speaker: Speaker, messageId: string): DemoMessage {
  const timestamp = isoTime(draft.at);
  const { userId, groupId } = speaker;
  const context = speaker.sendsGroupContext && groupId !== null ? { groupId } : undefined;
  switch (draft.kind) {
    case 'track':
      return context === undefined
        ? { type: 'track', messageId, timestamp, userId, event: draft.event, properties: draft.properties }
        : {
            type: 'track',
            messageId,
            timestamp,
            userId,
            event: draft.event,
            properties: draft.properties,
            context,
          };
    case 'page': {
      const title = pageTitle(draft.path);
      const properties = { path: draft.path, url: `${SITE_URL}${draft.path}`, title };
      if (draft.anonymousId !== null) {
        return {
          type: 'page',
          messageId,
          timestamp,
          anonymousId: draft.anonymousId,
          name: title,
          properties,
        };
      }
      return context === undefined
        ? { type: 'page', messageId, timestamp, userId, name: title, properties }
        : { type: 'page', messageId, timestamp, userId, name: title, properties, context };
    }
    case 'identify':
      return {
        type: 'identify',
        messageId,
        timestamp,
        userId,
        anonymousId: speaker.anonymousId,
        traits: draft.traits,
      };
    case 'group':
      if (groupId === null) throw new Error('group draft for a user without an account');
      return { type: 'group', messageId, timestamp, userId, groupId, traits: draft.traits };
    case 'alias':
      return { type: 'alias', messageId, timestamp, userId, previousId: draft.previousId };
  }
}

const titles = new Map<string, string>();

/** "/settings/billing" → "Settings · Billing"; memoised because the same few paths repeat. */
export function pageTitle(path: string): string {
  const known = titles.get(path);
  if (known !== undefined) return known;
  const words = path
    .split('/')
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).replaceAll('-', ' '));
  const title = words.length === 0 ? 'Home' : words.join(' · ');
  titles.set(path, title);
  return title;
}

export function track(at: number, event: string, properties: JsonObject): Draft {
  return { at, kind: 'track', event, properties };
}

export function page(at: number, path: string, anonymousId: string | null = null): Draft {
  return { at, kind: 'page', path, anonymousId };
}
