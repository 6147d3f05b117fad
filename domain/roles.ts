import { z } from 'zod';

/** Staff roles carried by API tokens; `customer` acts only through a signed approval link. */
export const StaffRole = z.enum(['advisor', 'technician', 'qc', 'foreman', 'manager', 'admin']);
export type StaffRole = z.infer<typeof StaffRole>;

export const ActorRole = z.enum([...StaffRole.options, 'customer', 'system']);
export type ActorRole = z.infer<typeof ActorRole>;

/** Whether a staff member holds one of the roles; an admin holds them all. */
export const holdsRole = (role: StaffRole, allowed: readonly StaffRole[]) => role === 'admin' || allowed.includes(role);

/** A visit's whole history (the timeline and Temporal's own events) is the service manager's to read. */
export const TIMELINE_READERS: readonly StaffRole[] = ['manager'];
