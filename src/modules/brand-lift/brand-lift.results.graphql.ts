import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../builder';
import { Kpi } from '../../generated/prisma/client.ts';
import { ValidationError } from '../../lib/errors';
import { RESULT_SEGMENTS, studyResults, type GroupCounts, type QuestionResult, type StudyResults } from './brand-lift.results';

// Results of a study: fields on BrandLiftStudy (a prismaNode of src/modules/campaign/campaign.graphql.ts,
// whose own authScopes already keep it to members of its organization). Thin: the counting and the
// statistics live in brand-lift.results.ts / brand-lift.stats.ts.

const ResultSegmentEnum = builder.enumType('ResultSegment', {
  values: RESULT_SEGMENTS,
  description: 'Respondent attribute to break results down by.',
});

const GroupCountsRef = builder.objectRef<GroupCounts>('BrandLiftGroupCounts').implement({
  description: 'Respondents of one group (EXPOSED or CONTROL) who answered the question.',
  fields: (t) => ({
    n: t.exposeInt('n', { description: 'Respondents of the group who answered the question.' }),
    positive: t.exposeInt('positive', { description: 'Of them, those who chose at least one positive option.' }),
    rate: t.exposeFloat('rate', { nullable: true, description: 'positive / n; null when n = 0.' }),
  }),
});

const QuestionResultRef = builder.objectRef<QuestionResult>('BrandLiftQuestionResult').implement({
  description: 'Lift of one question (in one segment value when segmented). Rates and lifts are fractions (0.1 = 10 points).',
  fields: (t) => ({
    questionId: t.id({ description: 'Global BrandLiftQuestion id.', resolve: (row) => encodeGlobalID('BrandLiftQuestion', row.questionId) }),
    position: t.exposeInt('position'),
    text: t.exposeString('text'),
    kpi: t.expose('kpi', { type: Kpi }),
    segmentValue: t.exposeString('segmentValue', {
      nullable: true,
      description: "The segment's value ('UNKNOWN' for respondents without the attribute); null when not segmented.",
    }),
    exposed: t.expose('exposed', { type: GroupCountsRef }),
    control: t.expose('control', { type: GroupCountsRef }),
    absoluteLift: t.exposeFloat('absoluteLift', { nullable: true, description: 'E - C; null when a group is empty.' }),
    relativeLift: t.exposeFloat('relativeLift', { nullable: true, description: '(E - C) / C; null when C = 0 or a group is empty.' }),
    headroomLift: t.exposeFloat('headroomLift', { nullable: true, description: '(E - C) / (1 - C); null when C = 1 or a group is empty.' }),
    ciLow: t.exposeFloat('ciLow', { nullable: true, description: "Lower end of Newcombe's hybrid score interval for E - C at `level`." }),
    ciHigh: t.exposeFloat('ciHigh', { nullable: true, description: "Upper end of Newcombe's hybrid score interval for E - C." }),
    zScore: t.exposeFloat('zScore', { nullable: true, description: 'Two-proportion z statistic (pooled variance); null when untestable.' }),
    pValue: t.exposeFloat('pValue', { nullable: true, description: 'Two-sided p-value of the z-test.' }),
    adjustedPValue: t.exposeFloat('adjustedPValue', {
      nullable: true,
      description: "Benjamini-Hochberg adjusted across the study's questions (per segment value).",
    }),
    isSignificant: t.exposeBoolean('isSignificant', { description: 'adjustedPValue < 1 - level.' }),
    belowTargetSample: t.exposeBoolean('belowTargetSample', { description: "Either group's n is below the study's target sample per group." }),
  }),
});

const ResultsRef = builder.objectRef<StudyResults>('BrandLiftResults').implement({
  fields: (t) => ({
    level: t.exposeFloat('level', { description: 'Confidence level of the intervals; alpha = 1 - level.' }),
    segment: t.expose('segment', { type: ResultSegmentEnum, nullable: true }),
    rows: t.expose('rows', { type: [QuestionResultRef], description: 'Per segment value (when segmented), then by question position.' }),
  }),
});

builder.prismaObjectFields('BrandLiftStudy', (t) => ({
  results: t.field({
    type: ResultsRef,
    authScopes: { role: 'VIEWER' },
    description: 'Lift statistics per question, computed from SQL aggregates of the responses.',
    args: {
      level: t.arg.float({ required: false, description: 'Confidence level, 0.80 to 0.99; default 0.90.' }),
      segment: t.arg({ type: ResultSegmentEnum, required: false }),
    },
    errors: { types: [ValidationError], directResult: true, union: { name: 'BrandLiftResultsResult' } },
    resolve: (study, args, ctx) => studyResults(ctx.viewer, study.id, { level: args.level, segment: args.segment }),
  }),
}));
