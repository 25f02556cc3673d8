/**
 * OpenWallet Foundation's @openid4vc/openid4vp (wallet side) answering our verifier: an
 * independent OpenID4VP 1.0 client for the protocol tests.
 *
 * stdin: one JSON request; stdout: one JSON answer. Requests:
 *   {op: "resolve", url}
 *       -> {version, client: {prefix, identifier, effective}, nonce, state, response_uri,
 *           response_mode, dcql_query}
 *   {op: "respond", url, vp_token, extra?}
 *       -> {status, body}: the library builds the authorization response for the resolved
 *          request (vp_token keyed by DCQL credential query id; `extra` adds parameters such
 *          as our `receipts`) and submits it to the response_uri with direct_post.
 * The presentations themselves are signed elsewhere (by our wallet code) and passed in.
 * Only loopback http:// URLs are used in the tests, so insecure URLs are allowed here.
 */
import {createHash, randomBytes} from 'node:crypto';
import {setGlobalConfig} from '@openid4vc/utils';
import {Openid4vpClient} from '@openid4vc/openid4vp';

setGlobalConfig({allowInsecureUrls: true});

const callbacks = {
  fetch: (...args) => fetch(...args),
  hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
  generateRandom: (n) => randomBytes(n),
  verifyJwt: async () => {
    throw new Error('a signed request object was not expected (redirect_uri prefix)');
  },
  signJwt: async () => {
    throw new Error('nothing is signed as a JWT in direct_post');
  },
};

const client = new Openid4vpClient({callbacks});

async function resolve(url) {
  const parsed = client.parseOpenid4vpAuthorizationRequest({authorizationRequest: url});
  return client.resolveOpenId4vpAuthorizationRequest({
    authorizationRequestPayload: parsed.params,
  });
}

async function main(request) {
  const resolved = await resolve(request.url);
  const payload = resolved.authorizationRequestPayload;
  if (request.op === 'resolve') {
    return {
      version: resolved.version,
      client: {
        prefix: resolved.client.prefix,
        identifier: resolved.client.identifier,
        effective: resolved.client.effective,
      },
      nonce: payload.nonce,
      state: payload.state,
      response_uri: payload.response_uri,
      response_mode: payload.response_mode,
      dcql_query: resolved.dcql?.query ?? null,
    };
  }
  if (request.op === 'respond') {
    const created = await client.createOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: payload,
      authorizationResponsePayload: {vp_token: request.vp_token, ...(request.extra ?? {})},
    });
    const submitted = await client.submitOpenid4vpAuthorizationResponse({
      authorizationRequestPayload: payload,
      authorizationResponsePayload: created.authorizationResponsePayload,
    });
    const text = await submitted.response.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return {status: submitted.response.status, body, sent: created.authorizationResponsePayload};
  }
  throw new Error(`unknown op ${request.op}`);
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  input += chunk;
});
process.stdin.on('end', async () => {
  try {
    process.stdout.write(JSON.stringify(await main(JSON.parse(input))));
  } catch (error) {
    const detail = error.errorResponse ?? null;
    process.stdout.write(JSON.stringify({error: String(error.message ?? error), detail}));
    process.exitCode = 1;
  }
});
