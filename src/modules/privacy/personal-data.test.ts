import { describe, expect, it } from '@jest/globals';
import { getDatamodel } from '../../generated/pothos-types.ts';
import { looksPersonal, PERSONAL_DATA, personalDataCandidates } from './personal-data';

type Models = Parameters<typeof personalDataCandidates>[0];
const models = getDatamodel().datamodel.models as unknown as Models;

describe('personal data inventory', () => {
  it('has an erasure rule for every String/Json column that looks personal', () => {
    const missing = personalDataCandidates(models).filter((key) => !(key in PERSONAL_DATA));
    // Add the column to src/modules/privacy/personal-data.ts with 'erase', 'anonymize' or 'keep: <reason>'
    // (and, for erase/anonymize, handle it in erasure.service.ts and its completeness test).
    expect(missing).toEqual([]);
  });

  it('names only columns that exist, as String or Json', () => {
    const stale = Object.keys(PERSONAL_DATA).filter((key) => {
      const [model, field] = key.split('.');
      const column = models[model!]?.fields.find((f) => f.name === field);
      return !column || column.kind !== 'scalar' || (column.type !== 'String' && column.type !== 'Json');
    });
    expect(stale).toEqual([]);
  });

  it('gives every kept column a reason', () => {
    for (const [key, rule] of Object.entries(PERSONAL_DATA)) {
      if (rule === 'erase' || rule === 'anonymize') continue;
      expect({ key, reason: rule.replace(/^keep:\s*/, '').length > 10 }).toEqual({ key, reason: true });
    }
  });

  it('would catch a new personal column, and ignores keys', () => {
    const fields = [
      { name: 'id', kind: 'scalar', type: 'String', isId: true },
      { name: 'userId', kind: 'scalar', type: 'String' },
      { name: 'user', kind: 'object', type: 'User', relationFromFields: ['userId'] },
      { name: 'phoneNumber', kind: 'scalar', type: 'String' },
      { name: 'lastLoginIp', kind: 'scalar', type: 'String' },
      { name: 'description', kind: 'scalar', type: 'String' },
      { name: 'profile', kind: 'scalar', type: 'Json' },
      { name: 'shippingAddress', kind: 'scalar', type: 'Json' },
      { name: 'followers', kind: 'scalar', type: 'Int' },
    ];
    expect(personalDataCandidates({ Thing: { fields } })).toEqual([
      'Thing.phoneNumber',
      'Thing.lastLoginIp',
      'Thing.description',
      'Thing.shippingAddress',
    ]);
    expect(looksPersonal('displayName')).toBe(true);
    expect(looksPersonal('ipAddress')).toBe(true);
    expect(looksPersonal('scoreVersion')).toBe(false);
  });
});
