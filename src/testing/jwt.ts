/** A JWT-shaped session token for the fake: a real header and payload, a random signature. */
const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const encode = (value: object) => base64url(new TextEncoder().encode(JSON.stringify(value)));

export function fakeJwt(payload: object, header: object = { alg: 'HS256', typ: 'JWT' }): string {
  return `${encode(header)}.${encode(payload)}.${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;
}
