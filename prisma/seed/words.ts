// Fixed vocabularies for the seed's fake but plausible content.

export const CATEGORIES = [
  'beauty', 'fitness', 'gaming', 'travel', 'food', 'fashion', 'tech', 'parenting',
  'music', 'sports', 'finance', 'education', 'comedy', 'pets', 'home',
] as const;
export type Category = (typeof CATEGORIES)[number];
// Creators draw from the longer list of niches in niches.ts; these are the brands' and campaigns' categories.

export const FIRST_NAMES = [
  'Mia', 'Liam', 'Sofia', 'Noah', 'Emma', 'Lucas', 'Olivia', 'Mateo', 'Ava', 'Leo', 'Isabella', 'Ethan',
  'Chloe', 'Hugo', 'Amara', 'Kenji', 'Yuki', 'Aarav', 'Priya', 'Diego', 'Valentina', 'Jonas', 'Freya',
  'Oskar', 'Zara', 'Omar', 'Layla', 'Mohammed', 'Fatima', 'Chen', 'Mei', 'Min-jun', 'Ji-woo', 'Thiago',
  'Camila', 'Gabriel', 'Lea', 'Elias', 'Nora', 'Malik', 'Aisha', 'Kwame', 'Ngozi', 'Sipho', 'Anya',
  'Dmitri', 'Kasia', 'Piotr', 'Ines', 'Rafael', 'Alice', 'Tom', 'Hannah', 'Ben', 'Grace', 'Sam',
  'Ruby', 'Jack', 'Maya', 'Aiden', 'Zoe', 'Kai', 'Luna', 'Arjun', 'Ananya', 'Sebastian', 'Clara',
  'Felix', 'Ingrid', 'Lars', 'Astrid', 'Marco', 'Giulia', 'Pablo', 'Lucia', 'Tariq', 'Nadia', 'Jamal',
];

export const LAST_NAMES = [
  'Rossi', 'Smith', 'Garcia', 'Martin', 'Müller', 'Silva', 'Kim', 'Tanaka', 'Patel', 'Nguyen', 'Johnson',
  'Lopez', 'Dubois', 'Schmidt', 'Santos', 'Park', 'Sato', 'Sharma', 'Tran', 'Brown', 'Hernandez',
  'Moreau', 'Fischer', 'Costa', 'Lee', 'Suzuki', 'Singh', 'Pham', 'Wilson', 'Gonzalez', 'Laurent',
  'Weber', 'Oliveira', 'Choi', 'Watanabe', 'Gupta', 'Le', 'Taylor', 'Perez', 'Bernard', 'Wagner',
  'Pereira', 'Jung', 'Ito', 'Reddy', 'Hoang', 'Anderson', 'Sanchez', 'Petit', 'Becker', 'Almeida',
  'Kowalski', 'Nowak', 'Johansson', 'Andersen', 'Okafor', 'Mensah', 'Haddad', 'Khan', 'Ivanova',
];

/** ISO 3166-1 alpha-2 with a rough weight for where creators live, and a city each. */
export const COUNTRIES: readonly (readonly [code: string, weight: number, cities: readonly string[]])[] = [
  ['US', 30, ['Los Angeles', 'New York', 'Austin', 'Miami', 'Chicago']], ['GB', 8, ['London', 'Manchester', 'Bristol']],
  ['BR', 8, ['São Paulo', 'Rio de Janeiro']], ['IN', 8, ['Mumbai', 'Bengaluru', 'Delhi']],
  ['DE', 5, ['Berlin', 'Munich', 'Hamburg']], ['FR', 5, ['Paris', 'Lyon', 'Marseille']], ['MX', 5, ['Mexico City', 'Guadalajara']],
  ['ES', 4, ['Madrid', 'Barcelona']], ['IT', 4, ['Milan', 'Rome']], ['CA', 4, ['Toronto', 'Vancouver', 'Montreal']],
  ['AU', 3, ['Sydney', 'Melbourne']], ['JP', 3, ['Tokyo', 'Osaka']], ['ID', 3, ['Jakarta', 'Bali']],
  ['KR', 2, ['Seoul', 'Busan']], ['NL', 2, ['Amsterdam', 'Rotterdam']], ['PL', 2, ['Warsaw', 'Kraków']],
  ['TR', 2, ['Istanbul']], ['PH', 2, ['Manila']], ['NG', 2, ['Lagos']], ['SE', 1, ['Stockholm']],
  ['ZA', 1, ['Cape Town', 'Johannesburg']], ['AR', 1, ['Buenos Aires']], ['AE', 1, ['Dubai']], ['PT', 1, ['Lisbon']],
];

export const KPIS = [
  'AD_RECALL', 'BRAND_AWARENESS', 'CONSIDERATION', 'MESSAGE_ASSOCIATION', 'BRAND_PREFERENCE',
  'PURCHASE_INTENT', 'ACTION_INTENT', 'RECOMMENDATION_INTENT', 'ADVOCACY',
] as const;
export type Kpi = (typeof KPIS)[number];

export const PLATFORMS = ['INSTAGRAM', 'YOUTUBE', 'TIKTOK'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const AGE_BUCKETS = ['AGE_13_17', 'AGE_18_24', 'AGE_25_34', 'AGE_35_44', 'AGE_45_54', 'AGE_55_64', 'AGE_65_PLUS'] as const;

export const WIZARD_STEPS = ['DETAILS', 'OBJECTIVES', 'AUDIENCE', 'ASSETS', 'REVIEW'] as const;

export const LANGUAGES_BY_COUNTRY: Record<string, string[]> = {
  US: ['en', 'es'], GB: ['en'], FR: ['fr'], DE: ['de'], SE: ['sv', 'en'], CA: ['en', 'fr'], JP: ['ja'],
  IN: ['en', 'hi'], BR: ['pt'], AU: ['en'], CH: ['de', 'fr', 'it'], NO: ['no', 'en'], DK: ['da', 'en'],
  PL: ['pl'], MX: ['es'],
};

export const CAMPAIGN_THEMES = [
  'Spring Launch', 'Summer Vibes', 'Back to School', 'Holiday Gifting', 'New Year Reset', 'Always On',
  'Creator Takeover', 'Product Drop', 'Festival Season', 'Black Friday', 'Brand Refresh', 'Loyalty Push',
  'Winter Warmers', 'Autumn Edit', 'Game Day', 'Wellness Month', 'Limited Edition', 'Community Stories',
];

export const CALLS_TO_ACTION = [
  'Shop the collection', 'Try it free for 30 days', 'Download the app', 'Find a store near you',
  'Use code CREATOR15 at checkout', 'Sign up for early access', 'Watch the full film', 'Book a demo',
];
