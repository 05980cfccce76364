import { loginBodySchema } from '@relaydesk/shared';
import { Link, useLocation, useNavigate } from 'react-router';
import { logIn } from '../../api/auth.js';
import { useServerForm } from '../../api/useServerForm.js';
import { FormError, FormField, SubmitButton } from '../../components/FormField.js';
import { useSession } from '../../providers/SessionProvider.js';
import { AuthFrame } from './AuthFrame.js';

/** Where to go after signing in: back to where the person was sent from, else home. */
function returnPathFrom(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : '/';
}

/** Email and password sign-in; shows why the person was signed out, if they were. */
export function LoginScene() {
  const { signIn, notice, clearNotice } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const {
    register,
    formError,
    onSubmit,
    formState: { errors, isSubmitting },
  } = useServerForm({
    schema: loginBodySchema,
    defaultValues: { email: '', password: '' },
    async submit(body) {
      signIn(await logIn(body));
      void navigate(returnPathFrom(location.state), { replace: true });
    },
  });

  return (
    <AuthFrame
      title="Log in"
      footer={
        <>
          New here?{' '}
          <Link className="link link-primary" to="/signup" onClick={clearNotice}>
            Create an account
          </Link>
        </>
      }
    >
      {notice && (
        <div role="alert" className="alert alert-warning alert-soft text-sm">
          {notice}
        </div>
      )}
      <form className="flex flex-col gap-1" onSubmit={onSubmit} noValidate>
        <FormField label="Email" error={errors.email?.message}>
          {(field) => (
            <input {...field} {...register('email')} type="email" autoComplete="email" className="input w-full" />
          )}
        </FormField>
        <FormField label="Password" error={errors.password?.message}>
          {(field) => (
            <input {...field} {...register('password')} type="password" autoComplete="current-password" className="input w-full" />
          )}
        </FormField>
        <FormError message={formError} />
        <SubmitButton busy={isSubmitting} className="mt-3">Log in</SubmitButton>
      </form>
    </AuthFrame>
  );
}
