/** Placeholder until registration lands: a delegation head registers the members. */
export default function DelegationPage() {
  return <h1>…</h1>;
}
