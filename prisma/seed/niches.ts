// Creator niches for the marketplace seed: a realistic long tail instead of a handful of equally
// likely categories. Weights are rough shares of creators whose main niche it is (they follow the
// shape of published creator-census breakdowns: lifestyle, fashion and beauty lead, most niches
// hold 1-3 %), so a common niche word such as "fitness" matches a few percent of creators, not one
// in eight. Bio lines use each niche's own vocabulary; generic traits add a long tail of words that
// many creators share, as real bios do.

export interface Niche {
  /** Lower-case category slug (one word, so it is one lexeme). */
  slug: string;
  /** Relative share of creators whose primary niche this is. */
  weight: number;
  /** Bio openers. */
  lines: readonly string[];
  /** Words that end up in handles. */
  handle: readonly string[];
  /** Channel-name nouns (display names of channel-style accounts). */
  channel: readonly string[];
}

const n = (slug: string, weight: number, lines: string[], handle: string[], channel: string[]): Niche => ({
  slug, weight, lines, handle, channel,
});

export const NICHES: readonly Niche[] = [
  n('lifestyle', 9, ['Everyday life, slow mornings and little rituals', 'Vlogging my twenties one day at a time', 'Sharing what I love, from outfits to weekend plans', 'City life, coffee dates and honest chats'], ['daily', 'life', 'vibes', 'days'], ['Daily Edit', 'Slow Sundays', 'Life Lately']),
  n('fashion', 7, ['Everyday outfits and capsule wardrobes', 'Thrifted style and slow fashion', 'Streetwear drops and sneaker reviews', 'Menswear basics done right'], ['style', 'wears', 'outfits', 'closet'], ['Style Edit', 'Closet Diaries', 'Thread Count']),
  n('beauty', 7, ['Makeup tutorials and honest reviews', 'Clean beauty finds on a budget', 'Hair care for curls and coils', 'Drugstore dupes and luxury favourites'], ['glow', 'beauty', 'makeup', 'lashes'], ['Glow Lab', 'Beauty Desk', 'Vanity Notes']),
  n('food', 5, ['Weeknight recipes in 30 minutes', 'Street food from every city I visit', 'Restaurant reviews without the fluff', 'Comfort food and family recipes'], ['cooks', 'eats', 'kitchen', 'foodie'], ['Little Kitchen', 'Supper Club', 'Second Helping']),
  n('travel', 5, ['Slow travel and hidden beaches', 'Van life across Europe', 'Budget itineraries for 40+ countries', 'Solo trips, hostels and night trains'], ['travels', 'wanders', 'abroad', 'roams'], ['Far Roads', 'Wander Notes', 'Passport Diaries']),
  n('music', 4.5, ['Singer-songwriter, new single out now', 'Producer making beats from scratch', 'Guitar lessons for absolute beginners', 'DJ sets and festival diaries'], ['music', 'beats', 'sings', 'tunes'], ['Loop Station', 'Open Mic', 'Bedroom Studio']),
  n('comedy', 4, ['Sketches about office life', 'Stand-up clips and tour dates', 'Relatable skits every day', 'Parodies, pranks and bad puns'], ['laughs', 'jokes', 'funny', 'lol'], ['Laugh Track', 'Bad Puns Daily', 'The Bit']),
  n('gaming', 4, ['Speedruns, let\'s plays and late-night streams', 'Cozy games and indie gems', 'Retro consoles restored and reviewed', 'Open-world adventures and boss guides'], ['plays', 'gg', 'games', 'pixel'], ['Pixel Forge', 'Respawn Room', 'Save Point']),
  n('photography', 3.5, ['Street photography on 35mm film', 'Landscape photographer chasing light', 'Portrait sessions and editing tips', 'Camera gear, presets and behind the scenes'], ['shoots', 'lens', 'frames', 'captures'], ['Golden Hour', 'Contact Sheet', 'Raw Files']),
  n('art', 3, ['Watercolour sketches and illustration process', 'Digital artist drawing characters', 'Ceramics, glazes and studio days', 'Murals, zines and art markets'], ['draws', 'paints', 'art', 'sketch'], ['Sketchbook Hour', 'Studio Notes', 'Ink Well']),
  n('parenting', 3, ['Mom of three sharing real family life', 'Dad jokes and toddler chaos', 'Montessori at home on a budget', 'Pregnancy, newborns and sleep tips'], ['mama', 'papa', 'family', 'littles'], ['Family Table', 'Tiny Humans', 'Nap Time']),
  n('tech', 3, ['Gadget reviews without the hype', 'Software engineer explaining tech simply', 'Smart home setups and desk tours', 'Phone and laptop comparisons'], ['tech', 'codes', 'bytes', 'builds'], ['Byte Size', 'Desk Setup', 'Tech Unboxed']),
  n('sports', 3, ['Matchday analysis and stadium vlogs', 'Former pro athlete, now coaching kids', 'Highlights, drills and hot takes', 'Tennis technique breakdowns'], ['sports', 'ball', 'court', 'match'], ['Matchday', 'Full Time', 'The Locker Room']),
  n('fitness', 2.5, ['Fitness coach: home workouts in 20 minutes', 'Certified personal trainer and strength coach', 'Gym progress, powerlifting and form checks', 'Postpartum fitness and everyday movement'], ['fit', 'lifts', 'gains', 'moves'], ['Strong Daily', 'Rep Count', 'Iron Hour']),
  n('education', 2.5, ['Science explained in 60 seconds', 'Language learning tips and daily practice', 'History stories you never heard in school', 'Study with me and exam hacks'], ['learns', 'teaches', 'study', 'explains'], ['Quick Science', 'Study Hall', 'History Bites']),
  n('home', 2.5, ['Small apartment makeovers', 'Renovating a 1920s house room by room', 'Plants, decor and cozy corners', 'Cleaning and organizing routines'], ['home', 'nest', 'decor', 'house'], ['Cozy Corner', 'Fixer Diaries', 'Nest Notes']),
  n('pets', 2.5, ['Life with two rescue dogs', 'Cat content, daily', 'Dog trainer sharing positive methods', 'Aquariums, reptiles and tiny pets'], ['pets', 'dogs', 'cats', 'paws'], ['Paw Diaries', 'Cat Corner', 'Good Dog']),
  n('finance', 2, ['Personal finance for your twenties', 'Investing basics, no get-rich-quick', 'Budgeting and debt-free journey', 'Not financial advice, just spreadsheets'], ['money', 'invests', 'saves', 'budget'], ['Money Matters', 'Pocket Change', 'The Budget Desk']),
  n('wellness', 2, ['Holistic health, sleep and stress', 'Nutritionist sharing balanced plates', 'Gut health and hormone-friendly habits', 'Breathwork and mindful mornings'], ['well', 'calm', 'balance', 'thrive'], ['Well Within', 'Balance Notes', 'Rest Club']),
  n('diy', 2, ['Woodworking projects for beginners', 'Upcycling furniture from the curb', 'Sewing, knitting and crochet patterns', 'Weekend builds and tool reviews'], ['makes', 'diy', 'crafts', 'builds'], ['Maker Shed', 'Craft Table', 'Workbench']),
  n('cars', 2, ['Car reviews and road trips', 'Restoring classic cars in my garage', 'Track days and motorsport news', 'Electric vehicles, charging and range tests'], ['cars', 'drives', 'motors', 'revs'], ['Pit Lane', 'Garage Talk', 'Drive Time']),
  n('dance', 2, ['Choreography and dance challenges', 'Ballet dancer sharing class and barre', 'Hip hop freestyle and battles', 'Salsa and bachata for beginners'], ['dances', 'moves', 'groove', 'steps'], ['Dance Floor', 'Eight Count', 'The Studio']),
  n('skincare', 1.5, ['Skincare routines that actually work', 'Licensed esthetician talking skin barrier and SPF', 'Acne journey and ingredient deep dives', 'Korean skincare, step by step'], ['skin', 'glow', 'spf', 'derm'], ['Skin Notes', 'Barrier Club', 'Serum Shelf']),
  n('makeup', 1.5, ['Bridal and editorial makeup artist', 'Everyday makeup in five minutes', 'Special effects makeup and cosplay looks', 'Lipstick swatches for every skin tone'], ['makeup', 'mua', 'lips', 'blush'], ['Brush Up', 'Swatch Lab', 'Face Chart']),
  n('books', 1.5, ['Book reviews and monthly wrap-ups', 'Fantasy and romance reading vlogs', 'Classics, annotated', 'Indie authors and bookstore tours'], ['reads', 'books', 'pages', 'chapter'], ['Shelf Life', 'Dog-Eared', 'Next Chapter']),
  n('outdoors', 1.5, ['Hiking the long trails one step at a time', 'Camping, climbing and mountain huts', 'Wild swimming and cold water', 'Bushcraft and backcountry skills'], ['hikes', 'trails', 'wild', 'peaks'], ['Trail Notes', 'Base Camp', 'Summit Log']),
  n('movies', 1.5, ['Film reviews and box office takes', 'Horror movie marathons', 'Behind the scenes of indie film', 'Series recaps and theories'], ['films', 'cinema', 'reels', 'movies'], ['Final Cut', 'Matinee', 'Screen Time']),
  n('entrepreneurship', 1.5, ['Building a small business in public', 'Startup founder sharing lessons', 'Side hustles that actually pay', 'Marketing tips for small brands'], ['founder', 'hustle', 'ceo', 'builds'], ['Founder Notes', 'Side Hustle', 'Growth Lab']),
  n('anime', 1, ['Anime reviews and seasonal picks', 'Manga collection and hauls', 'Cosplay builds and conventions', 'Studio Ghibli deep dives'], ['otaku', 'anime', 'manga', 'senpai'], ['Anime Corner', 'Manga Shelf', 'Con Crew']),
  n('yoga', 1, ['Yoga flows for stiff bodies', 'Yoga teacher, breath first', 'Vinyasa, yin and restorative classes', 'Meditation and yoga philosophy'], ['yoga', 'flows', 'namaste', 'zen'], ['Mat Time', 'Flow State', 'Yin Studio']),
  n('running', 1, ['Marathon training, mobility and recovery', 'Trail running and ultra races', 'From couch to 5k and beyond', 'Run club captain and race reviews'], ['runs', 'miles', 'pace', 'strides'], ['Run Club', 'Mile Markers', 'Long Run']),
  n('gardening', 1, ['Vegetable gardening in small spaces', 'Houseplant care and propagation', 'Allotment life through the seasons', 'Permaculture and composting'], ['grows', 'garden', 'plants', 'sprouts'], ['Grow Diary', 'Potting Shed', 'Green Thumb']),
  n('football', 1, ['Football analysis and matchday vlogs', 'Freestyle football tricks', 'Grassroots football coach', 'Transfer news and tactics'], ['footy', 'goals', 'pitch', 'kickoff'], ['Full Time', 'The Dugout', 'Extra Time']),
  n('baking', 1, ['Home baker: sourdough, pastries and cakes', 'Cake decorating and sugar art', 'Gluten-free baking that tastes good', 'Bread science for home ovens'], ['bakes', 'crumb', 'dough', 'sweet'], ['Crumb Lab', 'Proof Box', 'Sweet Tooth']),
  n('vegan', 1, ['Plant-based cooking for busy people', 'Vegan meal prep on a budget', 'Vegan travel and restaurant guides', 'Cruelty-free living and recipes'], ['vegan', 'plants', 'greens', 'veggie'], ['Green Plate', 'Plant Kitchen', 'Meatless Monday']),
  n('mentalhealth', 1, ['Therapist talking anxiety and boundaries', 'Living with ADHD, loudly', 'Mental health check-ins and journaling', 'Burnout recovery, one day at a time'], ['mind', 'heal', 'therapy', 'kind'], ['Mind Matters', 'Safe Space', 'Check In']),
  n('esports', 0.8, ['Competitive FPS player and coach', 'Esports news, rosters and rankings', 'Ranked grind to the top', 'Tournament highlights and analysis'], ['esports', 'clutch', 'aim', 'ranked'], ['Clutch Plays', 'Ranked Up', 'Game Point']),
  n('wedding', 0.8, ['Wedding planner sharing real weddings', 'Bridal fashion and engagement stories', 'Wedding photography and venues', 'Budget weddings that feel luxe'], ['weds', 'bride', 'vows', 'bridal'], ['I Do Diaries', 'Aisle Style', 'The Vow Edit']),
  n('luxury', 0.8, ['Luxury hotels, watches and fine dining', 'Designer hauls and resale tips', 'First-class travel reviews', 'Yachts, villas and slow luxury'], ['luxe', 'lux', 'gold', 'elite'], ['Luxe Life', 'First Class', 'The Suite']),
  n('sustainability', 0.8, ['Zero waste swaps that stick', 'Climate news without doom', 'Sustainable brands, vetted', 'Repair, reuse and low-waste living'], ['green', 'eco', 'zerowaste', 'earth'], ['Eco Edit', 'Low Waste Lab', 'Green Notes']),
  n('science', 0.8, ['Physics and space explained', 'Biology facts that sound fake', 'Lab life as a PhD student', 'Chemistry experiments at home'], ['science', 'labs', 'atoms', 'cosmos'], ['Lab Notes', 'Big Bang Bites', 'Curious Minds']),
  n('cycling', 0.7, ['Former pro cyclist, now riding for fun', 'Bikepacking and gravel routes', 'Bike repair and maintenance', 'Commuting by bike in every weather'], ['rides', 'cycles', 'pedals', 'spokes'], ['Saddle Time', 'Gravel Notes', 'The Peloton']),
  n('basketball', 0.7, ['Basketball highlights and drills', 'Streetball runs and pickup games', 'Hoops analysis and draft takes', 'Trick shots every day'], ['hoops', 'dunks', 'ball', 'buckets'], ['Hoop Talk', 'Buzzer Beater', 'Full Court']),
  n('coffee', 0.5, ['Home barista, espresso and latte art', 'Specialty coffee roasters reviewed', 'Cafe hopping in every city', 'Pour-over recipes and grinders'], ['brews', 'coffee', 'espresso', 'beans'], ['Brew Notes', 'Crema', 'Coffee Break']),
  n('crypto', 0.5, ['Crypto news and on-chain analysis', 'Web3 explained for normal people', 'Trading journal, wins and losses', 'Blockchain projects reviewed'], ['crypto', 'hodl', 'chain', 'coin'], ['Chain Talk', 'Block Time', 'Satoshi Street']),
  n('realestate', 0.5, ['Real estate agent showing homes', 'House flipping numbers and lessons', 'First-time buyer tips', 'Rental investing, step by step'], ['homes', 'realty', 'listings', 'keys'], ['Open House', 'Key Handover', 'Property Talk']),
  n('wine', 0.5, ['Sommelier picks under 20', 'Vineyard visits and tastings', 'Natural wine and food pairings', 'Cocktails and home bar setups'], ['wine', 'sips', 'cellar', 'pour'], ['Cellar Door', 'Tasting Notes', 'The Pour']),
];

/** Traits and hobbies many creators mention whatever their niche: the long tail of bio words. */
export const BIO_TRAITS: readonly string[] = [
  'Coffee addict.', 'Dog mom.', 'Cat dad.', 'Proud auntie.', 'Bookworm on weekends.', 'Always on the road.',
  'Recovering perfectionist.', 'Night owl.', 'Early riser.', 'Plant parent.', 'Tea over coffee.',
  'Learning Spanish.', 'Ex-lawyer.', 'Former teacher.', 'Nurse by day.', 'Student.', 'Twin mom.',
  'Living abroad.', 'Island girl.', 'Small-town kid.', 'Big city energy.', 'Sunset chaser.',
  'Pizza enthusiast.', 'Sneakerhead.', 'Vinyl collector.', 'Board game nerd.', 'Introvert.',
  'Marathon of series on Sundays.', 'Here for the good vibes.', 'Mental health advocate.',
  'Bilingual.', 'First-gen.', 'Beach days forever.', 'Mountain person.', 'Pineapple on pizza, yes.',
];

export const BIO_CLOSERS: readonly string[] = [
  'Collabs via email.', 'New videos every week.', 'DM for collaborations.', 'Links below.',
  'Opinions are my own.', 'Join the community!', 'Posting daily.', 'Management: see link.',
  'Business inquiries in bio link.', 'New posts Tuesdays and Fridays.', 'Say hi!', 'Shop my favourites below.',
  'Podcast out every Monday.', 'Newsletter below.', 'PR friendly.', 'Agency: see link.',
];
