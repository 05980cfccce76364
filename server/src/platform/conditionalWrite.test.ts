import { randomBytes } from 'node:crypto';
import mongoose, { Schema, Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { servedByFerretDb, updateByIdWhere, updateOneByIdWhere } from './conditionalWrite.js';

interface Probe {
  _id: Types.ObjectId;
  owner: Types.ObjectId | null;
  state: string;
  keys: string[];
  n: number;
}

const ProbeModel = mongoose.model<Probe>(
  'ConditionalWriteProbe',
  new Schema<Probe>({ owner: { type: Schema.Types.ObjectId, default: null }, state: String, keys: [String], n: Number }),
);

/** Filters of the commands the driver sent, by command name. */
const sent: Array<{ name: string; filter: Record<string, unknown> }> = [];

beforeAll(async () => {
  await mongoose.connect(inject('mongoUri'), { dbName: `test_cw_${randomBytes(6).toString('hex')}`, monitorCommands: true });
  mongoose.connection.getClient().on('commandStarted', (event) => {
    const command = event.command as Record<string, unknown>;
    const filter = (command.filter ?? command.query) as Record<string, unknown> | undefined;
    if (filter) sent.push({ name: event.commandName, filter });
  });
});

afterAll(async () => {
  await mongoose.connection.dropDatabase().catch(() => {});
  await mongoose.disconnect();
});

async function probe(fields: Partial<Probe> = {}): Promise<Probe> {
  return (await ProbeModel.create({ owner: null, state: 'open', keys: [], n: 0, ...fields })).toObject();
}

describe('updateByIdWhere', () => {
  it('writes and returns the document when the condition holds', async () => {
    const doc = await probe();
    const written = await updateByIdWhere<Probe>(ProbeModel, doc._id, { state: 'open' }, { $set: { state: 'done' }, $inc: { n: 1 } });
    expect(written).toMatchObject({ state: 'done', n: 1 });
    expect(await ProbeModel.findById(doc._id).lean()).toMatchObject({ state: 'done', n: 1 });
  });

  it('leaves the document alone and returns null when the condition fails', async () => {
    const doc = await probe({ state: 'done' });
    expect(await updateByIdWhere(ProbeModel, doc._id, { state: 'open' }, { $inc: { n: 1 } })).toBeNull();
    expect(await ProbeModel.findById(doc._id).lean()).toMatchObject({ state: 'done', n: 0 });
  });

  it('returns null for an id that names nothing', async () => {
    expect(await updateByIdWhere(ProbeModel, new Types.ObjectId(), { state: 'open' }, { $inc: { n: 1 } })).toBeNull();
  });

  it('compares ObjectIds and null as MongoDB does', async () => {
    const alice = new Types.ObjectId();
    const unowned = await probe();
    const owned = await probe({ owner: alice });
    expect(await updateByIdWhere(ProbeModel, unowned._id, { owner: null }, { $set: { owner: alice } })).toMatchObject({ owner: alice });
    expect(await updateByIdWhere(ProbeModel, owned._id, { owner: new Types.ObjectId() }, { $set: { owner: null } })).toBeNull();
    expect(await updateByIdWhere(ProbeModel, owned._id, { owner: new Types.ObjectId(alice.toHexString()) }, { $set: { owner: null } })).toMatchObject({
      owner: null,
    });
  });

  it('treats $ne on an array as "no element equals", so a keyed change applies once', async () => {
    const doc = await probe();
    const once = () => updateByIdWhere(ProbeModel, doc._id, { keys: { $ne: 'k1' } }, { $inc: { n: 1 }, $push: { keys: 'k1' } });
    expect(await once()).toMatchObject({ n: 1, keys: ['k1'] });
    expect(await once()).toBeNull();
    expect(await ProbeModel.findById(doc._id).lean()).toMatchObject({ n: 1, keys: ['k1'] });
  });

  it('sends filters FerretDB can push down: _id alone there, one atomic conditional write on MongoDB', async () => {
    const doc = await probe();
    sent.length = 0;
    await updateByIdWhere(ProbeModel, doc._id, { state: 'open' }, { $set: { state: 'done' } });
    const keys = sent.map((s) => Object.keys(s.filter).sort().join(','));
    if (await servedByFerretDb()) {
      expect(sent.map((s) => s.name)).toEqual(['find', 'findAndModify']);
      expect(keys).toEqual(['_id', '_id']);
    } else {
      expect(sent.map((s) => s.name)).toEqual(['findAndModify']);
      expect(keys).toEqual(['_id,state']);
    }
  });

  it('updateOneByIdWhere says whether it wrote, and writes a keyed change once', async () => {
    const doc = await probe();
    const once = () => updateOneByIdWhere(ProbeModel, doc._id, { keys: { $ne: 'k2' } }, { $inc: { n: 1 }, $push: { keys: 'k2' } });
    expect(await once()).toBe(true);
    expect(await once()).toBe(false);
    expect(await updateOneByIdWhere(ProbeModel, new Types.ObjectId(), {}, { $inc: { n: 1 } })).toBe(false);
    expect(await ProbeModel.findById(doc._id).lean()).toMatchObject({ n: 1, keys: ['k2'] });
  });
});
