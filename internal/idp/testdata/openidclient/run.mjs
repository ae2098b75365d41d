// Drives the identity provider with panva's openid-client, an OpenID
// certified relying party that knows nothing of the provider but its
// discovery document. The Go test (internal/idp/openidclient_test.go)
// starts the provider, runs this script, and plays the person: for each
// "AUTHORIZE <url>" line it signs in in its own browser and answers with
// the URL the provider sent it back to; for a "LOGOUT <url>" line it
// confirms «خروج» and answers with where the provider sent it. Every check that fails throws,
// and the script exits non-zero; the last line is "OK <steps>".
import * as client from 'openid-client'
import { createInterface } from 'node:readline'

const { ISSUER, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, POST_LOGOUT_URI } = process.env
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
const steps = []
const check = (ok, what) => {
  if (!ok) throw new Error('check failed: ' + what)
  steps.push(what)
}
const fails = async (fn, code, what) => {
  try {
    await fn()
  } catch (e) {
    check(e.error === code || e.code === code || String(e).includes(code), what + ' (' + (e.error || e.code || e) + ')')
    return
  }
  throw new Error('check failed: ' + what + ' succeeded')
}

const config = await client.discovery(new URL(ISSUER), CLIENT_ID, CLIENT_SECRET, undefined, { execute: [client.allowInsecureRequests] })
const meta = config.serverMetadata()
check(meta.issuer === ISSUER, 'discovery: issuer')
check(meta.code_challenge_methods_supported?.includes('S256'), 'discovery: PKCE S256')

// One authorization code grant, the person signing in on the Go side.
async function signIn () {
  const verifier = client.randomPKCECodeVerifier()
  const state = client.randomState()
  const nonce = client.randomNonce()
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid identity mobile offline_access',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce
  })
  console.log('AUTHORIZE ' + url.href)
  const { value: back } = await lines.next()
  return client.authorizationCodeGrant(config, new URL(back), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true })
}

const t1 = await signIn()
const claims = t1.claims() // the ID token, its signature, iss, aud, exp, nonce checked
check(claims && claims.sub && claims.sub !== claims.national_code && /^\d{10}$/.test(claims.national_code), 'code + PKCE: ID token validated, pairwise sub')
check(t1.refresh_token, 'offline_access: a refresh token')
const info = await client.fetchUserInfo(config, t1.access_token, claims.sub)
check(info.sub === claims.sub && info.national_code === claims.national_code, 'userinfo')

const t2 = await client.refreshTokenGrant(config, t1.refresh_token)
check(t2.refresh_token && t2.refresh_token !== t1.refresh_token && t2.claims()?.sub === claims.sub, 'refresh: rotated, ID token of the same sub')
const live = await client.tokenIntrospection(config, t2.access_token)
check(live.active === true && live.sub === claims.sub && live.client_id === CLIENT_ID, 'introspection: active')

await fails(() => client.refreshTokenGrant(config, t1.refresh_token), 'invalid_grant', 'reuse of a spent refresh token refused')
await fails(() => client.refreshTokenGrant(config, t2.refresh_token), 'invalid_grant', 'reuse revoked the family')
check((await client.tokenIntrospection(config, t2.access_token)).active === false, 'introspection: the family access token inactive')

const t3 = await signIn()
await client.tokenRevocation(config, t3.refresh_token)
check((await client.tokenIntrospection(config, t3.access_token)).active === false, 'revocation of the refresh token ends its grant')
await fails(() => client.refreshTokenGrant(config, t3.refresh_token), 'invalid_grant', 'a revoked refresh token refused')

// RP-initiated logout: the end-session URL openid-client builds from
// discovery, the person confirming on the Go side, and back at the
// registered post-logout URI with the state.
check(typeof meta.end_session_endpoint === 'string' && meta.backchannel_logout_supported === true, 'discovery: end_session_endpoint, back-channel logout')
const t4 = await signIn()
const endUrl = client.buildEndSessionUrl(config, { id_token_hint: t4.id_token, post_logout_redirect_uri: POST_LOGOUT_URI, state: 'bye' })
console.log('LOGOUT ' + endUrl.href)
const { value: after } = await lines.next()
const back = new URL(after)
check(back.origin + back.pathname === POST_LOGOUT_URI && back.searchParams.get('state') === 'bye', 'logout: back at post_logout_redirect_uri with state')

console.log('OK ' + JSON.stringify(steps))
process.exit(0)
