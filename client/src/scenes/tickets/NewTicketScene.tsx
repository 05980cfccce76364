import { TICKET_DESCRIPTION_MAX, TICKET_TITLE_MAX, ticketCreateBodySchema } from '@relaydesk/shared';
import { Link, useNavigate } from 'react-router';
import { useServerForm } from '../../api/useServerForm.js';
import { useCreateTicket } from '../../api/tickets.js';
import { FormError, FormField, SubmitButton } from '../../components/FormField.js';
import { useToast } from '../../providers/ToastProvider.js';

/** Files a ticket; triage and assignment then happen on the server. */
export function NewTicketScene() {
  const navigate = useNavigate();
  const createTicket = useCreateTicket();
  const { showToast } = useToast();
  const {
    register,
    watch,
    formError,
    onSubmit,
    formState: { errors, isSubmitting },
  } = useServerForm({
    schema: ticketCreateBodySchema,
    defaultValues: { title: '', description: '' },
    async submit(body) {
      const ticket = await createTicket.mutateAsync(body);
      showToast({ tone: 'success', message: 'Ticket filed. We will find the right person for it.' });
      void navigate(`/tickets/${ticket.id}`);
    },
  });
  const descriptionLength = watch('description').length;

  return (
    <section aria-labelledby="new-ticket-title" className="mx-auto flex max-w-2xl flex-col gap-4">
      <h1 id="new-ticket-title" className="text-2xl font-semibold">
        New ticket
      </h1>
      <form className="card bg-base-100 shadow-xs" onSubmit={onSubmit} noValidate>
        <div className="card-body gap-1">
          <FormField label="Title" error={errors.title?.message} hint="A short summary of the problem.">
            {(field) => <input {...field} {...register('title')} className="input w-full" maxLength={TICKET_TITLE_MAX + 50} />}
          </FormField>
          <FormField
            label="Description"
            error={errors.description?.message}
            hint={`What happened, what you expected, and anything you tried. ${descriptionLength}/${TICKET_DESCRIPTION_MAX}`}
          >
            {(field) => <textarea {...field} {...register('description')} className="textarea min-h-40 w-full" />}
          </FormField>
          <FormError message={formError} />
          <div className="card-actions mt-3 justify-end">
            <Link to="/tickets" className="btn btn-ghost">
              Cancel
            </Link>
            <SubmitButton busy={isSubmitting}>File ticket</SubmitButton>
          </div>
        </div>
      </form>
    </section>
  );
}
