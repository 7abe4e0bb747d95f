// Seeded tenants and their people. Natural keys: Organization.clerkOrgId (org_seed_001, ...),
// Organization.slug, User.clerkUserId (user_seed_001_owner, ...).
import { at, rngFor } from './random';
import { FIRST_NAMES, LAST_NAMES, type Category } from './words';

interface Brand {
  name: string;
  category: Category;
  country: string;
  currency: string;
  timeZone: string;
  brands: string[];
  competitors: string[];
}

const CATALOGUE: Brand[] = [
  { name: 'Northwind Foods', category: 'food', country: 'US', currency: 'USD', timeZone: 'America/New_York', brands: ['Northwind Pantry', 'Crisp & Co', 'Harvest Table'], competitors: ['GreenFork', 'Daily Bowl', 'Oat Lane'] },
  { name: 'Lumen Skincare', category: 'beauty', country: 'FR', currency: 'EUR', timeZone: 'Europe/Paris', brands: ['Lumen', 'Lumen Pure', 'Aube'], competitors: ['Glowé', 'Clair Labs', 'Dermacalm'] },
  { name: 'Velocity Sportswear', category: 'fitness', country: 'GB', currency: 'GBP', timeZone: 'Europe/London', brands: ['Velocity', 'Velocity Run', 'Stride Lab'], competitors: ['Pacer', 'Apex Athletics', 'Kinetic'] },
  { name: 'Pixel Forge Games', category: 'gaming', country: 'US', currency: 'USD', timeZone: 'America/Los_Angeles', brands: ['Starfall Online', 'Tiny Kingdoms', 'Pixel Forge'], competitors: ['Nova Arena', 'Questline', 'Blockworks'] },
  { name: 'Aurora Travel Group', category: 'travel', country: 'SE', currency: 'SEK', timeZone: 'Europe/Stockholm', brands: ['Aurora Air', 'Nordlys Hotels', 'Aurora Trips'], competitors: ['SkyNord', 'Fjell Travel', 'Polar Routes'] },
  { name: 'Maple Home Goods', category: 'home', country: 'CA', currency: 'CAD', timeZone: 'America/Toronto', brands: ['Maple & Pine', 'Hearth', 'Maple Kids'], competitors: ['Cedar House', 'Loft Living', 'Nestwell'] },
  { name: 'Kumo Electronics', category: 'tech', country: 'JP', currency: 'JPY', timeZone: 'Asia/Tokyo', brands: ['Kumo One', 'Kumo Buds', 'Sora Watch'], competitors: ['Hikari Tech', 'Zenbyte', 'Orbit Audio'] },
  { name: 'Brightpath Learning', category: 'education', country: 'IN', currency: 'INR', timeZone: 'Asia/Kolkata', brands: ['Brightpath', 'Brightpath Kids', 'CodeSprout'], competitors: ['LearnLoop', 'Vidya+', 'StudyNest'] },
  { name: 'Sol Bank', category: 'finance', country: 'BR', currency: 'BRL', timeZone: 'America/Sao_Paulo', brands: ['Sol Conta', 'Sol Invest', 'Sol Card'], competitors: ['Banco Verde', 'Nuvem Pay', 'Capital Mais'] },
  { name: 'Pawsome Pet Co', category: 'pets', country: 'AU', currency: 'AUD', timeZone: 'Australia/Sydney', brands: ['Pawsome', 'Good Boy Treats', 'Whisker Care'], competitors: ['Barkly', 'Furlife', 'Tailwind Pets'] },
  { name: 'Alpine Beverages', category: 'food', country: 'CH', currency: 'CHF', timeZone: 'Europe/Zurich', brands: ['Alpquell', 'Gipfel Tea', 'Alpine Fizz'], competitors: ['Bergwasser', 'Summit Drinks', 'Clearpeak'] },
  { name: 'Rhythm Audio', category: 'music', country: 'DE', currency: 'EUR', timeZone: 'Europe/Berlin', brands: ['Rhythm Studio', 'Rhythm Go', 'Taktwerk'], competitors: ['Soundwave', 'Echo Labs', 'Klangbau'] },
  { name: 'Little Sprouts', category: 'parenting', country: 'GB', currency: 'GBP', timeZone: 'Europe/London', brands: ['Little Sprouts', 'Sprouts Organic', 'Tiny Steps'], competitors: ['Bumble Baby', 'Nurture Co', 'Acorn Kids'] },
  { name: 'Fjord Outdoor', category: 'sports', country: 'NO', currency: 'NOK', timeZone: 'Europe/Oslo', brands: ['Fjord', 'Fjord Trail', 'Nordvind'], competitors: ['Tindra', 'Highland Gear', 'Vidde'] },
  { name: 'Copenhagen Coffee Roasters', category: 'food', country: 'DK', currency: 'DKK', timeZone: 'Europe/Copenhagen', brands: ['CCR Espresso', 'Morgen Blend', 'Hygge Cold Brew'], competitors: ['Nordic Bean', 'Kaffeværket', 'Roast House'] },
  { name: 'Wisla Cosmetics', category: 'beauty', country: 'PL', currency: 'PLN', timeZone: 'Europe/Warsaw', brands: ['Wisla', 'Wisla Men', 'Bursztyn'], competitors: ['Lilia', 'Ziaja Nova', 'Perła'] },
  { name: 'Sabor Snacks', category: 'food', country: 'MX', currency: 'MXN', timeZone: 'America/Mexico_City', brands: ['Sabor', 'Chispas', 'Maíz Real'], competitors: ['Crujitos', 'Dorado', 'Picante Co'] },
  { name: 'Urban Thread', category: 'fashion', country: 'US', currency: 'USD', timeZone: 'America/Los_Angeles', brands: ['Urban Thread', 'UT Denim', 'Threadbare'], competitors: ['Stitchline', 'Mode Co', 'Basics Lab'] },
  { name: 'Laughing Owl Studios', category: 'comedy', country: 'US', currency: 'USD', timeZone: 'America/Chicago', brands: ['Owl Originals', 'Late Night Owl', 'Hoot'], competitors: ['Giggle Box', 'Punchline TV', 'Sitcom Plus'] },
  { name: 'Nimbus Fintech', category: 'finance', country: 'GB', currency: 'GBP', timeZone: 'Europe/London', brands: ['Nimbus', 'Nimbus Save', 'Nimbus Business'], competitors: ['Coinly', 'Ledgerly', 'Pennywise'] },
];

export interface OrgSpec extends Brand {
  index: number;
  clerkOrgId: string;
  slug: string;
  dataRetentionDays: number;
}

export function organizationSpec(index: number): OrgSpec {
  const base = at(CATALOGUE, (index - 1) % CATALOGUE.length);
  const round = Math.floor((index - 1) / CATALOGUE.length);
  const name = round === 0 ? base.name : `${base.name} ${round + 1}`;
  const rng = rngFor('organization', index);
  return {
    ...base,
    index,
    name,
    clerkOrgId: `org_seed_${String(index).padStart(3, '0')}`,
    slug: slugify(name),
    dataRetentionDays: rng.pick([365, 730, 730, 1095]),
  };
}

export type Seat = 'owner' | 'admin' | 'member1' | 'member2' | 'viewer' | 'invited' | 'removed';

/** Every role is present and active; one invitation pending and one former member. */
export const SEATS: readonly { seat: Seat; role: string; status: string }[] = [
  { seat: 'owner', role: 'OWNER', status: 'ACTIVE' },
  { seat: 'admin', role: 'ADMIN', status: 'ACTIVE' },
  { seat: 'member1', role: 'MEMBER', status: 'ACTIVE' },
  { seat: 'member2', role: 'MEMBER', status: 'ACTIVE' },
  { seat: 'viewer', role: 'VIEWER', status: 'ACTIVE' },
  { seat: 'invited', role: 'MEMBER', status: 'INVITED' },
  { seat: 'removed', role: 'VIEWER', status: 'REMOVED' },
];

/** A planner at an agency who works for every seeded brand: one user in many organizations. */
export const AGENCY_USER = {
  clerkUserId: 'user_seed_agency',
  email: 'planner@agency.example.com',
  name: 'Robin Agency',
  role: 'MEMBER',
};

export interface UserSpec {
  seat: Seat;
  clerkUserId: string;
  email: string;
  name: string;
  imageUrl: string;
  role: string;
  status: string;
}

export function userSpecs(org: OrgSpec): UserSpec[] {
  return SEATS.map(({ seat, role, status }, i) => {
    const rng = rngFor('user', org.index, i);
    const clerkUserId = `user_seed_${String(org.index).padStart(3, '0')}_${seat}`;
    return {
      seat,
      clerkUserId,
      email: `${seat}@${org.slug}.example.com`,
      name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
      imageUrl: `https://img.example.com/avatars/${clerkUserId}.png`,
      role,
      status,
    };
  });
}

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
