// Who may act, as plain code for the workflows (the `StaffRole` and `ActorRole` schemas are in roles.ts).

/** Staff roles carried by API tokens; `customer` acts only through a signed approval link. */
export const STAFF_ROLES = ['advisor', 'technician', 'qc', 'foreman', 'manager', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who an accepted action records as its actor: a staff member, or the customer on an approval link. */
export const ACTION_ACTOR_ROLES = [...STAFF_ROLES, 'customer'] as const;
export type ActionActorRole = (typeof ACTION_ACTOR_ROLES)[number];

/** Who a timeline entry names: an actor, or the process itself. */
export const ACTOR_ROLES = [...ACTION_ACTOR_ROLES, 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** Whether a staff member holds one of the roles; an admin holds them all. */
export const holdsRole = (role: StaffRole, allowed: readonly StaffRole[]) => role === 'admin' || allowed.includes(role);

/** Each role as a person names it, for the sentences the API and the workflows' refusals say (never the code). */
export const ROLE_WORDS: Record<ActorRole, string> = {
  advisor: 'service advisor',
  technician: 'technician',
  qc: 'quality inspector',
  foreman: 'workshop foreman',
  manager: 'service manager',
  admin: 'administrator',
  customer: 'customer',
  system: 'servicelane itself',
};

/** "a service advisor", "an administrator": the role with its article. */
export const aRole = (role: ActorRole) => `${/^[aeiou]/.test(ROLE_WORDS[role]) ? 'an' : 'a'} ${ROLE_WORDS[role]}`;

/** The roles named as a list in words: "service advisor, service manager or administrator". */
export const rolesInWords = (roles: readonly ActorRole[]) => {
  const words = [...new Set(roles)].map((r) => ROLE_WORDS[r]);
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : (words[0] ?? '');
};
