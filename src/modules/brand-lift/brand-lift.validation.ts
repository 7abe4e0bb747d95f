import { z } from 'zod';
import { AgeBucket, FunnelStage, Gender, Kpi, QuestionType } from '../../generated/prisma/client.ts';

/** Inputs of the brand lift design mutations and of POST /surveys/responses. */

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const createStudySchema = z.object({
  campaignId: z.string().uuid(),
  name: text(200),
  primaryKpi: z.enum(Kpi),
  /** Omitted: derived from primaryKpi (FUNNEL_STAGE_OF_KPI). */
  funnelStage: z.enum(FunnelStage).nullish(),
  targetSamplePerGroup: z.number().int().min(10).max(1_000_000).nullish(),
});
export type CreateStudyInput = z.infer<typeof createStudySchema>;

export const updateStudySchema = z.object({
  studyId: z.string().uuid(),
  name: text(200).nullish(),
  primaryKpi: z.enum(Kpi).nullish(),
  funnelStage: z.enum(FunnelStage).nullish(),
  targetSamplePerGroup: z.number().int().min(10).max(1_000_000).nullish(),
});
export type UpdateStudyInput = z.infer<typeof updateStudySchema>;

const optionSchema = z.object({
  text: text(300),
  imageUrl: z.url({ protocol: /^https$/ }).max(2048).nullish(),
  isPositive: z.boolean(),
});

const questionFields = {
  text: text(500),
  type: z.enum(QuestionType),
  kpi: z.enum(Kpi),
  isMandatory: z.boolean().nullish(),
  randomizeOptions: z.boolean().nullish(),
  options: z
    .array(optionSchema)
    .min(2, 'at least two options')
    .max(20, 'at most 20 options')
    .refine((options) => options.some((o) => o.isPositive), 'at least one option must be positive'),
};

export const addQuestionSchema = z.object({ studyId: z.string().uuid(), ...questionFields });
export type AddQuestionInput = z.infer<typeof addQuestionSchema>;

/** Every field but the id optional; options, when given, replace the question's options. */
export const updateQuestionSchema = z.object({
  questionId: z.string().uuid(),
  text: questionFields.text.nullish(),
  type: questionFields.type.nullish(),
  kpi: questionFields.kpi.nullish(),
  isMandatory: z.boolean().nullish(),
  randomizeOptions: z.boolean().nullish(),
  options: questionFields.options.nullish(),
});
export type UpdateQuestionInput = z.infer<typeof updateQuestionSchema>;

export const reorderSchema = z.object({
  studyId: z.string().uuid(),
  questionIds: z
    .array(z.string().uuid())
    .min(1)
    .max(200)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a question'),
});

export const commentSchema = z.object({
  studyId: z.string().uuid(),
  questionId: z.string().uuid().nullish(),
  body: text(4000),
});

// ---------------------------------------------------------------- POST /surveys/responses

/** The body of POST /surveys/responses. Unknown keys (a `group`, say) are dropped, never read. */
export const surveyResponseSchema = z.object({
  token: z.string().min(1).max(512),
  respondentId: z.string().min(1).max(128),
  answers: z
    .array(
      z.object({
        questionId: z.string().min(1).max(200),
        optionIds: z.array(z.string().min(1).max(200)).min(1, 'choose at least one option').max(50),
      }),
    )
    .max(200),
  demographics: z
    .object({
      ageBucket: z.enum(AgeBucket).nullish(),
      gender: z.enum(Gender).nullish(),
      country: z
        .string()
        .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, upper case')
        .nullish(),
    })
    .nullish(),
});
export type SurveyResponseInput = z.infer<typeof surveyResponseSchema>;
