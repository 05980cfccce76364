import { z } from 'zod';

/** A person's own settings, shown only to them (in their session). */
export const userPreferencesSchema = z.object({
  /** E-mail me when staff reply on my tickets or change their status. */
  notifyByEmail: z.boolean(),
});
export type UserPreferences = z.infer<typeof userPreferencesSchema>;

/** `PATCH /api/auth/preferences`: the settings to change. */
export const preferencesUpdateBodySchema = z
  .strictObject({ notifyByEmail: z.boolean().optional() })
  .refine((b) => b.notifyByEmail !== undefined, { message: 'give notifyByEmail' });
export type PreferencesUpdateBody = z.infer<typeof preferencesUpdateBodySchema>;
