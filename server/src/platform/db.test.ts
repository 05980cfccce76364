import { describe, expect, it } from 'vitest';
import { databaseNameFromUri } from './db.js';

describe('databaseNameFromUri', () => {
  it.each([
    ['mongodb://localhost:27017/helpdesk', 'helpdesk'],
    ['mongodb://a:1,b:2/helpdesk?replicaSet=rs0', 'helpdesk'],
    ['mongodb+srv://user:p%40ss@cluster.example.net/prod-db?retryWrites=true', 'prod-db'],
    ['mongodb://localhost:27017/', undefined],
    ['mongodb://localhost:27017', undefined],
    ['mongodb://localhost:27017/?authSource=admin', undefined],
  ])('%s → %s', (uri, name) => {
    expect(databaseNameFromUri(uri)).toBe(name);
  });
});
