import type { Schema } from 'mongoose';

/**
 * Makes any accidental serialisation of a document safe: `id` as a string, no
 * `_id`/`__v`, no field marked `private: true`. Responses still go through
 * presenters, which whitelist fields; this is the floor under them.
 */
export function toJsonPlugin(schema: Schema): void {
  const privatePaths = Object.entries(schema.paths)
    .filter(([, type]) => (type.options as { private?: boolean }).private)
    .map(([name]) => name);
  schema.set('toJSON', {
    virtuals: false,
    transform(_doc, ret: Record<string, unknown>) {
      ret.id = String(ret._id);
      delete ret._id;
      delete ret.__v;
      for (const p of privatePaths) delete ret[p];
      return ret;
    },
  });
}
