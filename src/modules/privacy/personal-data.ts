/**
 * Inventory of every column that can hold personal data, and what erasure (right to deletion,
 * erasure.service.ts) or retention (retention.service.ts) does with it. personal-data.test.ts walks
 * the Prisma datamodel: a String or Json column whose name looks personal (PERSONAL_DATA_PATTERNS)
 * and has no entry here fails the suite, so a new column cannot ship without a decision.
 *
 *   'erase'          set to null when the user is erased
 *   'anonymize'      replaced by a value that no longer identifies anyone (see the entry's comment)
 *   'keep: <reason>' deliberately left as is, with the reason
 */
export type PersonalDataRule = 'erase' | 'anonymize' | `keep: ${string}`;

export const PERSONAL_DATA: Record<string, PersonalDataRule> = {
  // ---------------------------------------------------------------- the user
  'User.email': 'erase',
  'User.name': 'erase',
  'User.imageUrl': 'erase',
  // Rewritten to `erased:<uuid>`; a separate tombstone row keeps the Clerk id refused at sign-in.
  'User.clerkUserId': 'anonymize',

  // ---------------------------------------------------------------- audit log
  // Values equal to the user's name or containing their email are replaced by '[erased]';
  // actorId keeps pointing at the anonymized User row (pseudonymized actor).
  'AuditLog.before': 'anonymize',
  'AuditLog.after': 'anonymize',

  // ---------------------------------------------------------------- webhooks
  // Clerk deliveries about the user (user.*, organizationMembership.* naming them) are replaced
  // by { type, erased: true }. InsightIQ deliveries are about public creators.
  'WebhookEvent.payload': 'anonymize',

  // ---------------------------------------------------------------- tenant business data
  'Organization.name': 'keep: the tenant (a company), not a person',
  'CampaignWizard.name': "keep: the organization's campaign, not the author's data; author is pseudonymized",
  'CampaignWizard.brandName': 'keep: a brand, not a person',
  'CampaignWizard.description': "keep: the organization's campaign content",
  'CampaignContact.name':
    'keep: contacts of a campaign entered by the organization (the controller), not platform users; removed with the campaign or organization',
  'CampaignContact.email': 'keep: campaign contact, not a platform user (see CampaignContact.name)',
  'CampaignContact.phone': 'keep: campaign contact, not a platform user (see CampaignContact.name)',
  'CampaignWizard.keyMessage': "keep: the organization's campaign content",
  'CampaignLocation.countryCode': 'keep: audience targeting, not a person',
  'CampaignLocation.region': 'keep: audience targeting, not a person',
  'CampaignLocation.city': 'keep: audience targeting, not a person',
  'CampaignInfluencer.notes': "keep: the organization's notes about a public creator, not about the user",
  'CreativeAsset.name': "keep: the organization's media, not the author's data",
  'CreativeAsset.description': "keep: the organization's media, not the author's data",
  'CreativeAsset.url': "keep: the organization's media in object storage",
  'BrandLiftStudy.name': "keep: the organization's study",
  'BrandLiftQuestionOption.imageUrl': 'keep: survey content',
  'BrandLiftComment.body':
    "keep: review content that belongs to the organization's study; the author link points to the anonymized User row",
  'InfluencerList.name': "keep: the organization's list",
  'InfluencerList.description': "keep: the organization's list",
  'InfluencerListItem.note': "keep: the organization's note about a public creator",

  // ---------------------------------------------------------------- survey respondents
  'BrandLiftResponse.respondentId':
    'keep: pseudonymous provider id, never linked to a user; the retention job replaces it after dataRetentionDays',
  'BrandLiftResponse.country':
    'keep: coarse demographic of a pseudonymous respondent; the retention job clears it after dataRetentionDays',
  'BrandLiftResultCount.country':
    'keep: aggregate count cell (respondents per study, question, group and demographics), linked to no respondent id; kept so lift results survive retention',

  // ---------------------------------------------------------------- public marketplace creators
  'MarketplaceInfluencer.username': 'keep: public creator profile (public data), not a platform user',
  'MarketplaceInfluencer.displayName': 'keep: public creator profile (public data), not a platform user',
  'MarketplaceInfluencer.bio': 'keep: public creator profile (public data), not a platform user',
  'MarketplaceInfluencer.avatarUrl': 'keep: public creator profile (public data), not a platform user',
  'MarketplaceInfluencer.country': 'keep: public creator profile (public data), not a platform user',
  'InsightIQMapping.insightiqUserId': "keep: the data provider's id of a public creator",
  'InsightIQMapping.lastError': 'keep: error text of the provider import about a public creator',
  'InfluencerAudienceCountry.countryCode': "keep: aggregate share of a public creator's audience",
  'InsightIQMapping.rawPayload': 'keep: provider data about a public creator, not a platform user',
};

/**
 * Words (camelCase parts, lower case) that make a String/Json column a personal-data candidate.
 * Matched per word, so `ip` matches `ipAddress` but not `description`.
 */
export const PERSONAL_DATA_PATTERNS = [
  'email', 'mail', 'name', 'username', 'phone', 'mobile', 'image', 'avatar', 'photo', 'picture', 'address',
  'ip', 'bio', 'note', 'notes', 'comment', 'body', 'payload', 'before', 'after', 'respondent', 'display',
  'city', 'region', 'country', 'street', 'zip', 'postal', 'birth', 'birthday', 'age', 'gender', 'description',
  'url', 'user', 'first', 'last', 'full', 'message', 'location', 'geo', 'lat', 'lng', 'ssn', 'tax', 'iban',
] as const;

const PATTERN_SET = new Set<string>(PERSONAL_DATA_PATTERNS);

/** The lower-case words of a camelCase or snake_case name: `insightiqUserId` -> insightiq, user, id. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export function looksPersonal(fieldName: string): boolean {
  return nameWords(fieldName).some((w) => PATTERN_SET.has(w));
}

interface DatamodelField {
  name: string;
  kind: string;
  type: string;
  isId?: boolean;
  relationFromFields?: string[];
}

/**
 * `Model.field` of every String/Json column whose name looks personal, from a Prisma datamodel
 * (getDatamodel() of src/generated/pothos-types.ts). Primary and foreign keys are ids, not data.
 */
export function personalDataCandidates(models: Record<string, { fields: readonly DatamodelField[] }>): string[] {
  const found: string[] = [];
  for (const [model, { fields }] of Object.entries(models)) {
    const keys = new Set(fields.flatMap((f) => f.relationFromFields ?? []));
    for (const field of fields) {
      if (field.kind !== 'scalar' || (field.type !== 'String' && field.type !== 'Json')) continue;
      if (field.isId || keys.has(field.name)) continue;
      if (looksPersonal(field.name)) found.push(`${model}.${field.name}`);
    }
  }
  return found;
}
