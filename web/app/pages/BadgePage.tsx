/** Placeholder until badges land: the guest's own badge (QR), kept for offline use. */
export default function BadgePage() {
  return <h1>…</h1>;
}
