/** Registers `user` on the Parlor at `address` and signs in; resolves to the session token. */
export async function signUpAndIn(address, user) {
  const post = (route) =>
    fetch(`${address}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(user),
    });
  await post('/v1/accounts');
  const signedIn = await post('/v1/sessions');
  if (signedIn.status !== 201) throw new Error(`could not sign in the bench user (${signedIn.status})`);
  return (await signedIn.json()).token;
}
