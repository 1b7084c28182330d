import { FleetSection } from './carts/FleetSection.js';
import { LiveSection } from './carts/LiveSection.js';
import { NetworkSection } from './carts/NetworkSection.js';
import { PostersSection } from './carts/PostersSection.js';
import { OrganiserSections } from './OrganiserSections.js';
import './carts/carts.css';

const SECTIONS = { live: LiveSection, network: NetworkSection, fleet: FleetSection, posters: PostersSection };

/**
 * Sightseeing carts (#/e/<slug>/carts/<section>): the live view, the network of stops and roads, the fleet and the
 * stops' QR posters. Loaded lazily by the event shell, so uPlot and the map come only when carts are opened.
 */
export default function CartsPage({ sub = null }: { sub?: string | null }) {
  return <OrganiserSections page="carts" keyPrefix="cartsConsole" sections={SECTIONS} sub={sub} />;
}
