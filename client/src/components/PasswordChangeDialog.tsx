import { passwordChangeBodySchema } from '@relaydesk/shared';
import { Modal } from './Modal.js';
import { usePasswordChangeMutation } from '../api/auth.js';
import { useServerForm } from '../api/useServerForm.js';
import { useToast } from '../providers/ToastProvider.js';
import { FormError, FormField, SubmitButton } from './FormField.js';

/**
 * Changes the signed-in person's password. The server ends every other session and
 * hands this one new tokens, so the person stays signed in here.
 */
export function PasswordChangeDialog({ onClose }: { onClose(): void }) {
  const changePassword = usePasswordChangeMutation();
  const { showToast } = useToast();
  const {
    register,
    formError,
    onSubmit,
    formState: { errors, isSubmitting },
  } = useServerForm({
    schema: passwordChangeBodySchema,
    defaultValues: { currentPassword: '', newPassword: '' },
    async submit(body) {
      await changePassword.mutateAsync(body);
      showToast({ tone: 'success', message: 'Password changed. You have been signed out everywhere else.' });
      onClose();
    },
  });

  return (
    <Modal labelledBy="change-password-title" onClose={onClose}>
      <form className="flex flex-col gap-1" onSubmit={onSubmit} noValidate>
        <h2 id="change-password-title" className="text-lg font-semibold">
          Change password
        </h2>
        <FormField label="Current password" error={errors.currentPassword?.message}>
          {(field) => (
            <input {...field} {...register('currentPassword')} type="password" autoComplete="current-password" className="input w-full" />
          )}
        </FormField>
        <FormField label="New password" error={errors.newPassword?.message} hint="At least 8 characters. Other devices will be signed out.">
          {(field) => <input {...field} {...register('newPassword')} type="password" autoComplete="new-password" className="input w-full" />}
        </FormField>
        <FormError message={formError} />
        <div className="modal-action">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <SubmitButton busy={isSubmitting}>Save new password</SubmitButton>
        </div>
      </form>
    </Modal>
  );
}
