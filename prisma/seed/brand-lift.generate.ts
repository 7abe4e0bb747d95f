// Brand lift studies: three questions each, and for collecting or completed studies a set of
// survey responses in which the exposed group answers positively somewhat more often.
import { type CampaignSpec, funnelStageOf } from './campaign.generate';
import type { OrgSpec, Seat } from './organization.generate';
import { type Random, rngFor } from './random';
import type { Kpi } from './words';

export interface OptionSpec { text: string; isPositive: boolean }
export interface QuestionSpec {
  position: number;
  text: string;
  type: 'SINGLE_CHOICE' | 'MULTIPLE_CHOICE';
  kpi: Kpi;
  randomizeOptions: boolean;
  options: OptionSpec[];
}
export interface ResponseSpec {
  respondentId: string;
  group: 'EXPOSED' | 'CONTROL';
  ageBucket: string | null;
  gender: string | null;
  country: string | null;
  submittedAt: string;
  /** [question position, option position] pairs. */
  answers: [number, number][];
}
export interface CommentSpec { questionPosition: number | null; author: Seat; body: string; resolvedBy: Seat | null }
export interface StudySpec {
  name: string;
  funnelStage: string;
  primaryKpi: Kpi;
  status: string;
  targetSamplePerGroup: number;
  createdBy: Seat;
  createdAt: string;
  launchedAt: string | null;
  completedAt: string | null;
  questions: QuestionSpec[];
  comments: CommentSpec[];
  responses: ResponseSpec[];
}

const STUDY_STATUS: Partial<Record<CampaignSpec['status'], string>> = {
  SUBMITTED: 'PENDING_APPROVAL', APPROVED: 'APPROVED', ACTIVE: 'COLLECTING', PAUSED: 'COLLECTING', COMPLETED: 'COMPLETED',
};

export function hasStudyStatus(campaign: CampaignSpec): boolean {
  return STUDY_STATUS[campaign.status] !== undefined;
}

export function studySpec(org: OrgSpec, campaign: CampaignSpec, responsesPerStudy: number, reference: Date): StudySpec {
  const rng = rngFor('study', org.index, campaign.index);
  const status = STUDY_STATUS[campaign.status] ?? 'DRAFT';
  const kpis = [...new Set<Kpi>([campaign.primaryKpi, 'AD_RECALL', 'BRAND_AWARENESS', 'PURCHASE_INTENT'])].slice(0, 3);
  const questions = kpis.map((kpi, i) => question(rng, kpi, i + 1, org, campaign));
  const launchedAt = status === 'COLLECTING' || status === 'COMPLETED' ? campaign.activatedAt : null;
  const completedAt = status === 'COMPLETED' ? campaign.completedAt : null;
  const responseCount = status === 'COMPLETED' ? responsesPerStudy : status === 'COLLECTING' ? Math.round(responsesPerStudy * 0.7) : 0;
  const comments: CommentSpec[] = status === 'PENDING_APPROVAL'
    ? [{ questionPosition: 2, author: 'admin', body: 'Could we make the answer scale balanced (two negative, two positive)?', resolvedBy: null }]
    : status === 'DRAFT' ? [] : [{ questionPosition: 1, author: 'admin', body: 'Please add "Not sure" so nobody is forced to guess.', resolvedBy: campaign.createdBy }];
  const windowEnd = completedAt ? Date.parse(completedAt) : reference.getTime();
  // Fixed per question: the control group's positive rate (20-45 %) and the exposed group's lift (4-18 points).
  const rates = questions.map(() => [rng.float(0.2, 0.45), rng.float(0.04, 0.18)] as const);
  return {
    name: `${campaign.name} brand lift`,
    funnelStage: funnelStageOf(campaign.primaryKpi),
    primaryKpi: campaign.primaryKpi,
    status,
    targetSamplePerGroup: Math.max(50, Math.ceil(responsesPerStudy / 100) * 50),
    createdBy: campaign.createdBy,
    createdAt: campaign.submittedAt ?? campaign.createdAt,
    launchedAt,
    completedAt,
    questions,
    comments,
    responses: launchedAt
      ? Array.from({ length: responseCount }, (_, n) => response(rng, n, questions, rates, campaign, Date.parse(launchedAt), windowEnd))
      : [],
  };
}

function question(rng: Random, kpi: Kpi, position: number, org: OrgSpec, campaign: CampaignSpec): QuestionSpec {
  const brand = campaign.brandName;
  const brandList = (positive: string[]): OptionSpec[] => [
    ...rng.sample([brand, ...org.competitors], org.competitors.length + 1).map((text) => ({ text, isPositive: positive.includes(text) })),
    { text: 'None of these', isPositive: false },
  ];
  const likert = (top: string, second: string, bottom: string[]): OptionSpec[] => [
    { text: top, isPositive: true }, { text: second, isPositive: true }, { text: 'Neither likely nor unlikely', isPositive: false },
    ...bottom.map((text) => ({ text, isPositive: false })),
  ];
  const single = (text: string, options: OptionSpec[], randomize = false): QuestionSpec =>
    ({ position, text, type: 'SINGLE_CHOICE', kpi, randomizeOptions: randomize, options });
  const multiple = (text: string, options: OptionSpec[]): QuestionSpec =>
    ({ position, text, type: 'MULTIPLE_CHOICE', kpi, randomizeOptions: true, options });
  switch (kpi) {
    case 'AD_RECALL':
      return single(`Do you recall seeing an online ad for ${brand} in the past 30 days?`, [
        { text: 'Yes', isPositive: true }, { text: 'No', isPositive: false }, { text: 'Not sure', isPositive: false }]);
    case 'BRAND_AWARENESS':
      return multiple('Which of the following brands have you heard of? Select all that apply.', brandList([brand]));
    case 'CONSIDERATION':
      return multiple(`Next time you shop for ${org.category}, which brands would you consider? Select all that apply.`, brandList([brand]));
    case 'MESSAGE_ASSOCIATION':
      return single(`Which brand do you associate with "${campaign.keyMessage}"?`, brandList([brand]), true);
    case 'BRAND_PREFERENCE':
      return single('Which of these brands is your favourite?', brandList([brand]), true);
    case 'PURCHASE_INTENT':
      return single(`How likely are you to buy ${brand} in the next three months?`,
        likert('Very likely', 'Somewhat likely', ['Somewhat unlikely', 'Very unlikely']));
    case 'ACTION_INTENT':
      return single(`How likely are you to visit the ${brand} website or app in the next month?`,
        likert('Very likely', 'Somewhat likely', ['Somewhat unlikely', 'Very unlikely']));
    case 'RECOMMENDATION_INTENT':
      return single(`How likely are you to recommend ${brand} to a friend?`,
        likert('Extremely likely', 'Likely', ['Unlikely', 'Extremely unlikely']));
    case 'ADVOCACY':
      return single(`Would you share a post from ${brand} with your friends?`,
        likert('Definitely', 'Probably', ['Probably not', 'Definitely not']));
  }
}

function response(
  rng: Random, n: number, questions: QuestionSpec[], rates: readonly (readonly [number, number])[],
  campaign: CampaignSpec, from: number, to: number,
): ResponseSpec {
  const exposed = rng.chance(0.5);
  const answers: [number, number][] = [];
  questions.forEach((q, qi) => {
    const [control, lift] = rates[qi] ?? [0.3, 0.05];
    const p = control + (exposed ? lift : 0);
    const positive = q.options.flatMap((o, i) => (o.isPositive ? [i + 1] : []));
    const negative = q.options.flatMap((o, i) => (o.isPositive ? [] : [i + 1]));
    if (q.type === 'SINGLE_CHOICE') {
      answers.push([q.position, rng.pick(rng.chance(p) ? positive : negative)]);
      return;
    }
    // "None of these" is exclusive: chosen only when nothing else is.
    const none = q.options.findIndex((o) => o.text === 'None of these') + 1;
    const others = negative.filter((o) => o !== none);
    const chosen = [...(rng.chance(p) ? positive : []), ...others.filter(() => rng.chance(0.3))];
    for (const option of chosen.length > 0 ? chosen : [none]) answers.push([q.position, option]);
  });
  const span = Math.max(1, to - from);
  return {
    respondentId: `rsp_${campaign.index}_${hex(rng, 10)}${n.toString(16).padStart(4, '0')}`,
    group: exposed ? 'EXPOSED' : 'CONTROL',
    ageBucket: rng.chance(0.9) ? rng.weighted(campaign.ageBuckets) : null,
    gender: rng.chance(0.9) ? rng.weighted([['FEMALE', 48], ['MALE', 47], ['NON_BINARY', 2], ['UNDISCLOSED', 3]] as const) : null,
    country: rng.chance(0.9) ? rng.pick(campaign.locations).countryCode : null,
    submittedAt: new Date(from + rng.float(0, 1) * span).toISOString(),
    answers,
  };
}

function hex(rng: Random, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += rng.int(0, 15).toString(16);
  return s;
}
