import { z } from 'zod';
import { ExpectedVersionSchema, recordStamps } from '../record-version';
import { ScopeSchema } from '../auth/principal';
import { PROFESSIONS, ROLES } from '../auth/roles';
import { type LanguageCode, LanguageSchema } from '../i18n/languages';

/** A user's interface language: any language whose catalogue is present (shared/i18n). */
export type Locale = LanguageCode;

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200; // argon2 accepts more, but nobody types more and it bounds hashing cost

export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(64)
  .regex(/^[a-z0-9._\-@]+$/, 'users.usernameFormat');
export const PasswordSchema = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);
export const DisplayNameSchema = z.string().trim().min(1).max(120);

export const UserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  profession: z.enum(PROFESSIONS).nullable(),
  // Not checked against the catalogues on the way out: a language removed later still reads (in English).
  locale: z.string(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  scopes: z.array(ScopeSchema),
  ...recordStamps,
});
export type User = z.infer<typeof UserSchema>;

export const CreateUserSchema = z.strictObject({
  id: z.uuid().optional(),
  username: UsernameSchema,
  displayName: DisplayNameSchema,
  role: z.enum(ROLES),
  profession: z.enum(PROFESSIONS).nullable().optional(),
  locale: LanguageSchema.optional(),
  scopeIds: z.array(z.uuid()).min(1).max(50),
  password: PasswordSchema,
});
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z.strictObject({
  version: ExpectedVersionSchema,
  displayName: DisplayNameSchema.optional(),
  role: z.enum(ROLES).optional(),
  profession: z.enum(PROFESSIONS).nullable().optional(),
  locale: LanguageSchema.optional(),
  scopeIds: z.array(z.uuid()).min(1).max(50).optional(),
  active: z.boolean().optional(),
});
export type UpdateUser = z.infer<typeof UpdateUserSchema>;

/** Ends a lockout and forgets every address's wrong passwords, keeping the password. */
export const UnlockUserSchema = z.strictObject({ version: ExpectedVersionSchema });

export const ResetPasswordSchema = z.strictObject({
  version: ExpectedVersionSchema,
  password: PasswordSchema,
});

export const LoginSchema = z.strictObject({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(PASSWORD_MAX),
});

export const ChangeOwnPasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(PASSWORD_MAX),
  newPassword: PasswordSchema,
});

export const SetLocaleSchema = z.strictObject({ locale: LanguageSchema });

export const ListUsersQuerySchema = z.strictObject({
  q: z.string().trim().max(100).optional(),
  role: z.enum(ROLES).optional(),
  orgUnit: z.uuid().optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
});
