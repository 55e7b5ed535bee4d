// The web's resource tables against the contract the API validates with: every input field has exactly one
// form field, and every choice offers exactly the values the API accepts (the Prisma schema's enum values).
import { RESOURCE_INPUTS, RESOURCE_KEYS } from '@monitrax/contract/resources';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { labelFromValue, RESOURCES } from './resources';

describe.each(RESOURCE_KEYS)('the %s screens', (key) => {
  const def = RESOURCES[key];
  const inputs: Record<string, z.ZodType> = RESOURCE_INPUTS[key];

  it('have one form field per field the API accepts', () => {
    expect(def.fields.map((field) => field.name).sort()).toEqual(Object.keys(inputs).sort());
  });

  it('offer in each choice exactly the values the API accepts', () => {
    for (const field of def.fields.filter((candidate) => candidate.kind === 'choice')) {
      const schema = inputs[field.name];
      expect(schema, field.name).toBeInstanceOf(z.ZodEnum);
      expect(
        field.options?.map((option) => option.value),
        field.name,
      ).toEqual((schema as z.ZodEnum).options);
    }
  });
});

describe('labelFromValue', () => {
  it('labels an enum value nobody has labelled yet from its name', () => {
    expect(labelFromValue('CREDIT_CARD')).toBe('Credit card');
    expect(labelFromValue('HOME')).toBe('Home');
  });
});
