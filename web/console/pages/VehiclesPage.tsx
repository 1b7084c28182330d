import { CamerasSection } from './vehicles/CamerasSection.js';
import { LiveSection } from './vehicles/LiveSection.js';
import { PermitsSection } from './vehicles/PermitsSection.js';
import { OrganiserSections } from './OrganiserSections.js';
import './vehicles/vehicles.css';

const SECTIONS = { live: LiveSection, permits: PermitsSection, cameras: CamerasSection };

/**
 * Vehicle entrances (#/e/<slug>/vehicles/<section>): the live log of passages with the barrier decisions, the plate
 * permits and the ANPR cameras. Organisers only (vehicles.manage); loaded lazily by the event shell.
 */
export default function VehiclesPage({ sub = null }: { sub?: string | null }) {
  return <OrganiserSections page="vehicles" keyPrefix="vehiclesConsole" sections={SECTIONS} sub={sub} tabsClass="vehicle-tabs" />;
}
