import {
  PRIORITIES,
  TRIAGE_CATEGORIES,
  prioritySchema,
  skillListSchema,
  type Ticket,
  type TriageCategory,
  type TriageCorrectionBody,
} from '@relaydesk/shared';
import { z } from 'zod';
import { fieldErrorMessage } from '../../api/formErrors.js';
import { useCorrectTriage } from '../../api/tickets.js';
import { useServerForm } from '../../api/useServerForm.js';
import { FormError, FormField, SubmitButton } from '../../components/FormField.js';
import { categoryLabel, priorityLabel } from '../../lib/labels.js';
import { useToast } from '../../providers/ToastProvider.js';
import { skillsTextSchema } from '../apply/skillsField.js';

/** The correction form: skills typed as comma-separated text, checked by the shared list schema. */
const triageFormSchema = z.object({
  priority: prioritySchema,
  category: z.enum(TRIAGE_CATEGORIES),
  relatedSkills: skillsTextSchema(skillListSchema),
});

const isCategory = (value: string): value is TriageCategory => (TRIAGE_CATEGORIES as readonly string[]).includes(value);

/**
 * What the form changes compared with the ticket: only these are sent, so the
 * timeline and the engine's training example record what the person meant to correct.
 */
export function triageChanges(
  ticket: Pick<Ticket, 'priority' | 'category' | 'relatedSkills'>,
  values: { priority: Ticket['priority']; category: TriageCategory; relatedSkills: string[] },
): TriageCorrectionBody | null {
  const changes: TriageCorrectionBody = {};
  if (values.priority !== ticket.priority) changes.priority = values.priority;
  if (values.category !== ticket.category) changes.category = values.category;
  if (JSON.stringify(values.relatedSkills) !== JSON.stringify(ticket.relatedSkills)) changes.relatedSkills = values.relatedSkills;
  return Object.keys(changes).length > 0 ? changes : null;
}

/** Edits a ticket's priority, category and related skills; `onDone` closes it after a save or a cancel. */
export function TriageEditor({ ticket, onDone }: { ticket: Ticket; onDone(): void }) {
  const correct = useCorrectTriage(ticket.id);
  const { showToast } = useToast();
  const startCategory: TriageCategory = ticket.category && isCategory(ticket.category) ? ticket.category : 'other';
  const {
    register,
    formError,
    onSubmit,
    formState: { errors, isSubmitting },
  } = useServerForm({
    schema: triageFormSchema,
    defaultValues: { priority: ticket.priority, category: startCategory, relatedSkills: (ticket.relatedSkills ?? []).join(', ') },
    async submit(values) {
      // An untouched category that triage never set is not a correction.
      const changes = triageChanges({ ...ticket, category: startCategory }, values);
      if (!changes) {
        showToast({ tone: 'info', message: 'Nothing changed.' });
        onDone();
        return;
      }
      await correct.mutateAsync(changes);
      showToast({ tone: 'success', message: 'Triage corrected.' });
      onDone();
    },
  });

  return (
    <form className="flex flex-col gap-1" onSubmit={onSubmit} noValidate aria-label="Edit triage">
      <div className="grid grid-cols-2 gap-2">
        <FormField label="Priority" error={errors.priority?.message}>
          {(field) => (
            <select {...field} {...register('priority')} className="select select-sm w-full">
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {priorityLabel(p)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Category" error={errors.category?.message}>
          {(field) => (
            <select {...field} {...register('category')} className="select select-sm w-full">
              {TRIAGE_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {categoryLabel(c)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      <FormField label="Related skills" error={fieldErrorMessage(errors.relatedSkills)} hint="Separate skills with commas.">
        {(field) => <input {...field} {...register('relatedSkills')} className="input input-sm w-full" autoComplete="off" />}
      </FormField>
      <FormError message={formError} />
      <div className="mt-2 flex justify-end gap-2">
        <button type="button" className="btn btn-ghost btn-sm" onClick={onDone} disabled={isSubmitting}>
          Cancel
        </button>
        <SubmitButton busy={isSubmitting} className="btn-sm">
          Save triage
        </SubmitButton>
      </div>
    </form>
  );
}
