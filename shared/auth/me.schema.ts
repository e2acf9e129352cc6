import { z } from 'zod';
import { PrincipalSchema } from './principal';

/** What `GET /api/auth/me` and the login answer: the server's schema and the web's type. */
export const MeSchema = z.object({
  user: PrincipalSchema,
  permissions: z.array(z.string()),
  mustChangePassword: z.boolean(),
  /** Send it back in the `x-csrf-token` header on every write. */
  csrfToken: z.string(),
  /**
   * When the session ends if it is not used again (idle expiry, slid forward by use). The web keeps a
   * copy of the session to work offline until then; it never outlives the server's session.
   */
  sessionExpiresAt: z.iso.datetime(),
});
export type Me = z.infer<typeof MeSchema>;
