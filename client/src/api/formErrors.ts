import type { FieldPath, FieldValues, UseFormSetError } from 'react-hook-form';
import { describeError, isApiError } from './client.js';

/**
 * Puts a server's validation details onto the form fields they name, so a
 * rejected submission reads the same as a browser-side one. A detail whose
 * path is nested (`skills.0`) lands on the nearest known field (`skills`).
 * Returns the message for what could not be placed on a field, or null.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly FieldPath<T>[],
): string | null {
  if (!isApiError(error) || error.code !== 'validation_failed' || error.details.length === 0) {
    return describeError(error);
  }
  const unplaced: string[] = [];
  let focused = false;
  for (const detail of error.details) {
    const field = nearestField(detail.path, fields);
    if (field) {
      setError(field, { type: 'server', message: detail.message }, { shouldFocus: !focused });
      focused = true;
    } else {
      unplaced.push(detail.path === '(root)' ? detail.message : `${detail.path}: ${detail.message}`);
    }
  }
  return unplaced.length > 0 ? capitalizeFirst(unplaced.join('; ')) : null;
}

function nearestField<T extends FieldValues>(path: string, fields: readonly FieldPath<T>[]): FieldPath<T> | null {
  const segments = path.split('.');
  for (let length = segments.length; length > 0; length--) {
    const candidate = segments.slice(0, length).join('.');
    const match = fields.find((f) => f === candidate);
    if (match) return match;
  }
  return null;
}

function capitalizeFirst(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/**
 * The first message inside a field's error. A field whose value the schema
 * turns into a list (skills typed as text) can carry its error one level down,
 * e.g. on `skills.0`; this finds it wherever it is.
 */
export function fieldErrorMessage(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string' && message) return message;
  for (const value of Object.values(error as Record<string, unknown>)) {
    if (value && typeof value === 'object' && value !== error) {
      const nested = fieldErrorMessage(value);
      if (nested) return nested;
    }
  }
  return undefined;
}
