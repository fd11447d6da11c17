import { z } from 'zod';
import type { ReasonParams } from './errors';

type Issue = z.core.$ZodIssue;

/**
 * The first thing wrong with a payload, as a reason and the numbers its sentence needs, so the UI
 * can say it in its own language ("entre 128 y 1.048.576"). A number with both bounds names both,
 * read from the schema: zod reports only the bound that was crossed.
 */
export function issueParams(schema: z.ZodType, issue: Issue): ReasonParams<'BAD_REQUEST'> {
  const field = issue.path.map(String).join('.') || 'payload';
  switch (issue.code) {
    case 'too_small':
    case 'too_big': {
      const bounds = numberBounds(schemaAt(schema, issue.path));
      if (bounds) return { reason: 'outOfRange', field, ...bounds };
      const numeric = issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint';
      if (issue.code === 'too_small') {
        const min = Number(issue.minimum);
        return numeric ? { reason: 'tooSmall', field, min } : { reason: 'tooShort', field, min };
      }
      const max = Number(issue.maximum);
      return numeric ? { reason: 'tooBig', field, max } : { reason: 'tooLong', field, max };
    }
    case 'invalid_type':
      return { reason: 'wrongType', field };
    case 'invalid_value':
      return { reason: 'wrongChoice', field, values: issue.values.map(String).join(', ') };
    case 'invalid_format':
      return { reason: 'wrongFormat', field, format: issue.format };
    case 'unrecognized_keys':
      return { reason: 'unknownFields', field, keys: issue.keys.join(', ') };
    default:
      return { reason: 'invalidField', field };
  }
}

function numberBounds(node: z.ZodType | null): { min: number; max: number } | null {
  if (!(node instanceof z.ZodNumber) || node.minValue === null || node.maxValue === null) return null;
  // An unbounded side is ±Infinity, or the safe-integer limit of .int(): not a range a person types within.
  const bounded = (value: number) => Number.isFinite(value) && Math.abs(value) < Number.MAX_SAFE_INTEGER;
  if (!bounded(node.minValue) || !bounded(node.maxValue)) return null;
  return { min: node.minValue, max: node.maxValue };
}

function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | null {
  let node: z.ZodType | undefined = unwrap(schema);
  for (const key of path) {
    if (node instanceof z.ZodObject && typeof key === 'string') node = (node.shape as Record<string, z.ZodType | undefined>)[key];
    else if (node instanceof z.ZodArray && typeof key === 'number') node = node.element as z.ZodType;
    else return null;
    if (!node) return null;
    node = unwrap(node);
  }
  return node ?? null;
}

function unwrap(node: z.ZodType): z.ZodType {
  let current = node;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
  return current;
}
