/** Placeholder until registration lands: the invitee's form, reached by the personal invitation link. */
export default function RegisterPage({ token }: { token: string }) {
  return <h1 data-token={token}>…</h1>;
}
