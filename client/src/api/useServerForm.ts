import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm, type DefaultValues, type FieldPath, type FieldValues, type UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import { applyServerErrors } from './formErrors.js';

/**
 * A form checked in the browser by a shared zod schema and then sent to the server.
 * A rejected submission's validation details land on the fields they name (the
 * fields are those of `defaultValues`); anything else becomes `formError`, cleared
 * on the next attempt.
 */
export function useServerForm<TInput extends FieldValues, TOutput>(options: {
  schema: z.ZodType<TOutput, TInput>;
  defaultValues: DefaultValues<TInput> & TInput;
  submit(values: TOutput, form: UseFormReturn<TInput, unknown, TOutput>): Promise<void>;
}) {
  const { schema, defaultValues, submit } = options;
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<TInput, unknown, TOutput>({ resolver: zodResolver(schema), defaultValues });
  const fields = Object.keys(defaultValues) as FieldPath<TInput>[];

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await submit(values, form);
    } catch (error) {
      setFormError(applyServerErrors(error, form.setError, fields));
    }
  });

  return { ...form, formError, onSubmit };
}
