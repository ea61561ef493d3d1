import { describe, expect, it } from 'vitest';
import { accountTrait, data, day, link, member, userTrait } from '../../test/conformance/build.ts';
import { entityContact } from './entity-contact.ts';

/**
 * A neighbourhood as the engine reads it holds other users: u1 (Alice, of acme), u2 who never
 * identified by name but was anonymous a1 first, u3 (Carol, of another account) identified later.
 */
const neighbourhood = data({
  links: [link('a1', 'u2', day(1))],
  memberships: [member('u1', 'acme', day(1)), member('a1', 'acme', day(1)), member('u3', 'globex', day(1))],
  traits: [
    userTrait('u1', 'first_name', 'Alice', day(1)),
    userTrait('u1', 'email', 'alice@acme.example', day(1)),
    userTrait('a1', 'email', 'bob@acme.example', day(2)),
    userTrait('u3', 'first_name', 'Carol', day(3)),
    userTrait('u3', 'email', 'carol@globex.example', day(3)),
    accountTrait('acme', 'name', 'Acme', null),
    userTrait('u4', 'email', 'dan@initech.example', day(4)),
  ],
});

describe('entityContact', () => {
  it("greets a user by its own traits and its aliases, never another user's", () => {
    const u2 = entityContact(neighbourhood, 'user', 'u2');
    expect([u2.name, u2.email]).toEqual([null, 'bob@acme.example']);
    expect(u2.traits).toEqual({ email: 'bob@acme.example' });
    expect(entityContact(neighbourhood, 'user', 'u1').name).toBe('Alice');
  });

  it("takes an account's contact e-mail from its members only", () => {
    const acme = entityContact(neighbourhood, 'account', 'acme');
    expect([acme.name, acme.email, acme.domain]).toEqual(['Acme', 'bob@acme.example', 'acme.example']);
    expect(entityContact(neighbourhood, 'account', 'globex').email).toBe('carol@globex.example');
    expect(entityContact(neighbourhood, 'account', 'domain:initech.example').email).toBe(
      'dan@initech.example',
    );
  });
});
