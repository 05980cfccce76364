import { PASSWORD_MIN_LENGTH, signupBodySchema } from '@relaydesk/shared';
import { Link, useNavigate } from 'react-router';
import { signUp } from '../../api/auth.js';
import { useServerForm } from '../../api/useServerForm.js';
import { FormError, FormField, SubmitButton } from '../../components/FormField.js';
import { useSession } from '../../providers/SessionProvider.js';
import { AuthFrame } from './AuthFrame.js';

/** Creates an end-user account and signs it in. */
export function SignupScene() {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const {
    register,
    formError,
    onSubmit,
    formState: { errors, isSubmitting },
  } = useServerForm({
    schema: signupBodySchema,
    defaultValues: { name: '', email: '', password: '' },
    async submit(body) {
      signIn(await signUp(body));
      void navigate('/', { replace: true });
    },
  });

  return (
    <AuthFrame
      title="Create your account"
      footer={
        <>
          Already have an account?{' '}
          <Link className="link link-primary" to="/login">
            Log in
          </Link>
        </>
      }
    >
      <form className="flex flex-col gap-1" onSubmit={onSubmit} noValidate>
        <FormField label="Name" error={errors.name?.message}>
          {(field) => <input {...field} {...register('name')} autoComplete="name" className="input w-full" />}
        </FormField>
        <FormField label="Email" error={errors.email?.message}>
          {(field) => <input {...field} {...register('email')} type="email" autoComplete="email" className="input w-full" />}
        </FormField>
        <FormField label="Password" error={errors.password?.message} hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}>
          {(field) => (
            <input {...field} {...register('password')} type="password" autoComplete="new-password" className="input w-full" />
          )}
        </FormField>
        <FormError message={formError} />
        <SubmitButton busy={isSubmitting} className="mt-3">Sign up</SubmitButton>
      </form>
    </AuthFrame>
  );
}
