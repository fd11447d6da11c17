import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fewShotSchema, settingsPatchSchema } from './ipc-contract';
import { issueParams } from './zod-issue';

function firstIssue(schema: z.ZodType, input: unknown) {
  const parsed = schema.safeParse(input);
  const issue = parsed.success ? undefined : parsed.error.issues[0];
  if (!issue) throw new Error('accepted');
  return issueParams(schema, issue);
}

describe('issueParams', () => {
  it('names both bounds of a number, whichever was crossed, read through optional and nullable wrappers', () => {
    expect(firstIssue(settingsPatchSchema, { contextSize: 100 })).toEqual({ reason: 'outOfRange', field: 'contextSize', min: 128, max: 1_048_576 });
    expect(firstIssue(settingsPatchSchema, { threads: 999 })).toEqual({ reason: 'outOfRange', field: 'threads', min: 1, max: 256 });
    expect(firstIssue(settingsPatchSchema, { sampling: { repeatPenalty: 0.1 } })).toEqual({ reason: 'outOfRange', field: 'sampling.repeatPenalty', min: 0.5, max: 3 });
    expect(firstIssue(settingsPatchSchema, { sampling: { seed: -1 } })).toEqual({ reason: 'outOfRange', field: 'sampling.seed', min: 0, max: 2 ** 32 - 1 });
  });

  it('says how long a text or a list may be, down into list items', () => {
    expect(firstIssue(fewShotSchema, [{ user: '', assistant: 'Hello' }])).toEqual({ reason: 'tooShort', field: '0.user', min: 1 });
    const origins = Array.from({ length: 51 }, (_, i) => `http://localhost:${3000 + i}`);
    expect(firstIssue(settingsPatchSchema, { apiCorsOrigins: origins })).toEqual({ reason: 'tooLong', field: 'apiCorsOrigins', max: 50 });
  });

  it('turns the other issues into their reasons', () => {
    expect(firstIssue(settingsPatchSchema, { language: 'fr' })).toEqual({ reason: 'wrongChoice', field: 'language', values: 'auto, es, en' });
    expect(firstIssue(settingsPatchSchema, { apiEnabled: 'yes' })).toEqual({ reason: 'wrongType', field: 'apiEnabled' });
    expect(firstIssue(settingsPatchSchema, { hfEndpoint: 'not a url' })).toMatchObject({ reason: 'wrongFormat', field: 'hfEndpoint' });
    expect(firstIssue(settingsPatchSchema, { colour: 'red' })).toEqual({ reason: 'unknownFields', field: 'payload', keys: 'colour' });
  });
});
