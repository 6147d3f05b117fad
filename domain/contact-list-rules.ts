// The nationwide contact list's plain rules [S3.5]: how a place someone names ("G4 near Wuhan, Hubei", "湖北省武汉市")
// finds the service points nearest to it, and the order the list is read in. The API answers with them; the
// screens only show what it answered.

/** What one service point is matched and ordered by. */
export interface PlacedPoint {
  name: string;
  region: string;
  city: string;
  open24h: boolean;
  rescue: boolean;
}

/** The most points a "nearest" answer names: the hotline reads them out, so a few, not the whole region. */
export const MOST_NEAREST = 5;

/** Letters and digits only, case folded and full-width forms as plain: "Wuhan-City" and "ｗｕｈａｎ city" read alike. */
const folded = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, '');

/**
 * Whether the place names the area: its name appears in the place ("…Wuhan, Hubei" names Wuhan), or the place is
 * part of its name ("Wuhan" names "Wuhan City"). A place of one letter names nothing.
 */
function names(place: string, area: string): boolean {
  const a = folded(area);
  return a.length > 0 && place.length > 1 && (place.includes(a) || a.includes(place));
}

/** What a caller hears of a name: its folded letters and digits, or the name itself when it has none (a name of emoji). */
const heard = (s: string) => folded(s) || s;

/**
 * Whether two points would read as one to a caller: the same name in the same city of the same region, told apart only
 * by case, spacing, punctuation or full-width forms ("Wuhan East" and "WUHAN-EAST", "Ｗｕｈａｎ" and "Wuhan").
 */
export const sameListing = (a: Pick<PlacedPoint, 'name' | 'region' | 'city'>, b: Pick<PlacedPoint, 'name' | 'region' | 'city'>) =>
  heard(a.name) === heard(b.name) && heard(a.city) === heard(b.city) && heard(a.region) === heard(b.region);

/** How near a point is to a place by its words: 2 in the city named, 1 in the region named, 0 neither. */
export function nearness(point: Pick<PlacedPoint, 'region' | 'city'>, place: string): 0 | 1 | 2 {
  const p = folded(place);
  if (names(p, point.city)) return 2;
  return names(p, point.region) ? 1 : 0;
}

/** The list's reading order: by region, then city, then name, in the reader's collation. */
export const byPlace = (a: PlacedPoint, b: PlacedPoint) =>
  a.region.localeCompare(b.region) || a.city.localeCompare(b.city) || a.name.localeCompare(b.name);

/**
 * The points nearest a place, nearest first: those in the city named, then those in its region; among them the
 * ones that answer around the clock and send rescue first, as a stranded caller needs them. Empty when the words
 * name no city or region on the list (the hotline then reads the whole list by region).
 */
export function nearestPoints<P extends PlacedPoint>(points: readonly P[], place: string): P[] {
  const rank = (p: P) => nearness(p, place) * 4 + (p.open24h ? 2 : 0) + (p.rescue ? 1 : 0);
  return points
    .map((point) => ({ point, rank: rank(point) }))
    .filter(({ rank }) => rank >= 4)
    .sort((a, b) => b.rank - a.rank || byPlace(a.point, b.point))
    .slice(0, MOST_NEAREST)
    .map(({ point }) => point);
}
