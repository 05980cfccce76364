import mongoose, { Schema } from 'mongoose';

/** A named sequence (e.g. the order tickets were filed in). */
export interface CounterFields {
  _id: string;
  seq: number;
}

const counterSchema = new Schema<CounterFields>({ _id: { type: String, required: true }, seq: { type: Number, required: true } }, { versionKey: false });

export const CounterModel = mongoose.model<CounterFields>('Counter', counterSchema);
