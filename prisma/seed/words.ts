// Fixed vocabularies for the seed's fake but plausible content.

export const CATEGORIES = [
  'beauty', 'fitness', 'gaming', 'travel', 'food', 'fashion', 'tech', 'parenting',
  'music', 'sports', 'finance', 'education', 'comedy', 'pets', 'home',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Per category: bio openers, words that end up in handles, and channel-name nouns. */
export const CATEGORY_CONTENT: Record<Category, { lines: string[]; handle: string[]; channel: string[] }> = {
  beauty: {
    lines: ['Skincare routines that actually work', 'Makeup tutorials and honest reviews', 'Clean beauty finds on a budget', 'Licensed esthetician talking skin barrier and SPF'],
    handle: ['glow', 'beauty', 'makeup', 'skin'], channel: ['Glow Lab', 'Beauty Desk', 'Skin Notes'],
  },
  fitness: {
    lines: ['Home workouts in 20 minutes', 'Certified personal trainer and strength coach', 'Marathon training, mobility and recovery', 'Pilates, yoga and everyday movement'],
    handle: ['fit', 'lifts', 'runs', 'moves'], channel: ['Strong Daily', 'Fit Kitchen', 'Run Club'],
  },
  gaming: {
    lines: ['Speedruns, let\'s plays and late-night streams', 'Competitive FPS player and coach', 'Cozy games and indie gems', 'Retro consoles restored and reviewed'],
    handle: ['plays', 'gg', 'games', 'pixel'], channel: ['Pixel Forge', 'Respawn Room', 'Save Point'],
  },
  travel: {
    lines: ['Slow travel and hidden beaches', 'Van life across Europe', 'Budget itineraries for 40+ countries', 'Hiking the long trails one step at a time'],
    handle: ['travels', 'wanders', 'abroad', 'roams'], channel: ['Far Roads', 'Wander Notes', 'Passport Diaries'],
  },
  food: {
    lines: ['Weeknight recipes in 30 minutes', 'Plant-based cooking for busy people', 'Street food from every city I visit', 'Home baker: sourdough, pastries and cakes'],
    handle: ['cooks', 'eats', 'kitchen', 'bakes'], channel: ['Little Kitchen', 'Supper Club', 'Crumb Lab'],
  },
  fashion: {
    lines: ['Everyday outfits and capsule wardrobes', 'Thrifted style and slow fashion', 'Streetwear drops and sneaker reviews', 'Menswear basics done right'],
    handle: ['style', 'wears', 'outfits', 'closet'], channel: ['Style Edit', 'Closet Diaries', 'Thread Count'],
  },
  tech: {
    lines: ['Gadget reviews without the hype', 'Software engineer explaining tech simply', 'Smart home setups and desk tours', 'Phone and laptop comparisons'],
    handle: ['tech', 'codes', 'bytes', 'builds'], channel: ['Byte Size', 'Desk Setup', 'Tech Unboxed'],
  },
  parenting: {
    lines: ['Mom of three sharing real family life', 'Dad jokes and toddler chaos', 'Montessori at home on a budget', 'Pregnancy, newborns and sleep tips'],
    handle: ['mama', 'papa', 'family', 'littles'], channel: ['Family Table', 'Tiny Humans', 'Nap Time'],
  },
  music: {
    lines: ['Singer-songwriter, new single out now', 'Producer making beats from scratch', 'Guitar lessons for absolute beginners', 'DJ sets and festival diaries'],
    handle: ['music', 'beats', 'sings', 'tunes'], channel: ['Loop Station', 'Open Mic', 'Bedroom Studio'],
  },
  sports: {
    lines: ['Football analysis and matchday vlogs', 'Former pro cyclist, now riding for fun', 'Basketball highlights and drills', 'Tennis technique breakdowns'],
    handle: ['sports', 'ball', 'rides', 'court'], channel: ['Matchday', 'Full Time', 'The Locker Room'],
  },
  finance: {
    lines: ['Personal finance for your twenties', 'Investing basics, no get-rich-quick', 'Budgeting and debt-free journey', 'Not financial advice, just spreadsheets'],
    handle: ['money', 'invests', 'saves', 'budget'], channel: ['Money Matters', 'Pocket Change', 'The Budget Desk'],
  },
  education: {
    lines: ['Science explained in 60 seconds', 'Language learning tips and daily practice', 'History stories you never heard in school', 'Study with me and exam hacks'],
    handle: ['learns', 'teaches', 'study', 'explains'], channel: ['Quick Science', 'Study Hall', 'History Bites'],
  },
  comedy: {
    lines: ['Sketches about office life', 'Stand-up clips and tour dates', 'Relatable skits every day', 'Parodies, pranks and bad puns'],
    handle: ['laughs', 'jokes', 'funny', 'lol'], channel: ['Laugh Track', 'Bad Puns Daily', 'The Bit'],
  },
  pets: {
    lines: ['Life with two rescue dogs', 'Cat content, daily', 'Dog trainer sharing positive methods', 'Aquariums, reptiles and tiny pets'],
    handle: ['pets', 'dogs', 'cats', 'paws'], channel: ['Paw Patrol Diaries', 'Cat Corner', 'Good Dog'],
  },
  home: {
    lines: ['Small apartment makeovers', 'DIY renovations on a budget', 'Plants, decor and cozy corners', 'Cleaning and organizing routines'],
    handle: ['home', 'nest', 'diy', 'decor'], channel: ['Cozy Corner', 'Fixer Diaries', 'Nest Notes'],
  },
};

export const BIO_CLOSERS = [
  'Collabs via email.', 'New videos every week.', 'DM for collaborations.', 'Links below.',
  'Opinions are my own.', 'Join the community!', 'Posting daily.', 'Management: see link.',
];

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
