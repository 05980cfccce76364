import mongoose from 'mongoose';
import type { Logger } from './logger.js';

export type MongoState = 'up' | 'down';

/** Connects mongoose to the given server and database, and builds the indexes the models declare. */
export async function connectMongo(uri: string, logger: Logger, dbName?: string): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  await mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 10_000, autoIndex: true });
  await Promise.all(Object.values(mongoose.models).map((m) => m.init()));
  mongoose.connection.on('disconnected', () => logger.warn('MongoDB disconnected'));
  mongoose.connection.on('reconnected', () => logger.info('MongoDB reconnected'));
  return mongoose;
}

/** The database a connection string names (`mongodb://host/<name>?...`), if it names one. */
export function databaseNameFromUri(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]+)/.exec(uri);
  return match?.[1] ? decodeURIComponent(match[1]) : undefined;
}

export function mongoState(): MongoState {
  return mongoose.connection.readyState === mongoose.ConnectionStates.connected ? 'up' : 'down';
}

export async function disconnectMongo(): Promise<void> {
  await mongoose.disconnect();
}
