import mongoose, { Schema } from 'mongoose';

/**
 * Which local model every process should be using: the shipped corpora plus the
 * team's corrections up to `correctionsUpTo`. Training is deterministic, so a process
 * that sees a newer version rebuilds exactly the same model from that snapshot rather
 * than loading weights; after a restart it does the same.
 */
export interface TriageModelStateFields {
  _id: string;
  version: number;
  trainedAt: Date;
  /** Corrections updated at or before this moment are in the model. */
  correctionsUpTo: Date;
  correctionsUsed: number;
  corpusSize: number;
  correctionWeight: number;
  /** Scores on the hand-written evaluation set, for admins to see what changed. */
  evaluation: {
    size: number;
    priorityAccuracy: number;
    priorityMacroF1: number;
    threeLevelMacroF1: number;
    categoryAccuracy: number;
  };
}

const triageModelStateSchema = new Schema<TriageModelStateFields>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    trainedAt: { type: Date, required: true },
    correctionsUpTo: { type: Date, required: true },
    correctionsUsed: { type: Number, required: true },
    corpusSize: { type: Number, required: true },
    correctionWeight: { type: Number, required: true },
    evaluation: {
      size: Number,
      priorityAccuracy: Number,
      priorityMacroF1: Number,
      threeLevelMacroF1: Number,
      categoryAccuracy: Number,
    },
  },
  { collection: 'triage_model_state', versionKey: false },
);

export const TriageModelStateModel = mongoose.model<TriageModelStateFields>('TriageModelState', triageModelStateSchema);
