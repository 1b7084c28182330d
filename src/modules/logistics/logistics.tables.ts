import type { Generated } from 'kysely';

/** The logistics module's tables (Kysely types); its migrations are in migrations/. */
export interface LogisticsTables {
  cart_settings: CartSettingsTable;
  cart_stops: CartStopsTable;
  cart_links: CartLinksTable;
  carts: CartsTable;
  cart_rides: CartRidesTable;
}

export interface CartSettingsTable {
  event_id: number;
  /** seconds */
  max_wait: number;
  max_ride_factor: number;
  no_show_seconds: number;
}

export interface CartStopsTable {
  id: Generated<number>;
  event_id: number;
  code: string;
  name_zh: string;
  name_en: string;
  lat: number;
  lon: number;
  active: Generated<number>;
  position: Generated<number>;
}

export interface CartLinksTable {
  id: Generated<number>;
  event_id: number;
  from_stop_id: number;
  to_stop_id: number;
  seconds: number;
  metres: number;
}

export interface CartsTable {
  id: Generated<number>;
  event_id: number;
  code: string;
  seats: number;
  accessible: Generated<number>;
  driver_user_id: number | null;
  /** HH:MM in the event's time zone */
  shift_start: string;
  shift_end: string;
  in_service: Generated<number>;
  node_stop_id: number | null;
  /** epoch ms (bigint: pg returns it as a string, so read it through Number()) */
  free_at: number | string;
  /** epoch ms when the cart reached node_stop_id (the no-show wait runs from it); null when unknown */
  arrived_at: Generated<number | string | null>;
  /** JSON PlanStop[] with ride ids */
  plan: Generated<string>;
  lat: number | null;
  lon: number | null;
  position_at: string | null;
  driver_seq: Generated<number | string>;
  updated_at: string;
}

export interface CartRidesTable {
  id: Generated<number>;
  event_id: number;
  token: string;
  code: string;
  origin_stop_id: number;
  destination_stop_id: number;
  party: number;
  wheelchair: Generated<number>;
  guest_id: number | null;
  user_id: number | null;
  phone: string | null;
  lang: string;
  /** assigned | onboard | done | cancelled | no_show | refused | stranded | rescue */
  status: string;
  refusal: string | null;
  estimated_wait: number | null;
  cart_id: number | null;
  max_wait: number;
  max_ride_factor: number;
  /** epoch ms, bigint (read through Number()) */
  requested_at: number | string;
  pickup_eta: number | string | null;
  accepted_at: number | string | null;
  picked_up_at: number | string | null;
  dropped_off_at: number | string | null;
  closed_at: number | string | null;
  direct_seconds: number;
}

