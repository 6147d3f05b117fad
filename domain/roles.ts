import { z } from 'zod';

/** Staff roles carried by API tokens; `customer` acts only through a signed approval link. */
export const StaffRole = z.enum(['advisor', 'technician', 'qc', 'foreman', 'manager', 'admin']);
export type StaffRole = z.infer<typeof StaffRole>;

export const ActorRole = z.enum([...StaffRole.options, 'customer', 'system']);
export type ActorRole = z.infer<typeof ActorRole>;
