/**
 * OpenWallet Foundation's OpenID4VCI client (@openid4vc/openid4vci 0.4.6) as an independent wallet.
 *
 * stdin: {op: "key"}                        -> {did, privateJwk}   (a fresh key, made here)
 *        {offer, txCode?, privateJwk?}      -> {did, offer, credentialResponse} or {error, ...}
 * The issuer certifies a DID before it offers, so a test first asks for a key, has the
 * credential issued to its DID, then hands the key back with the offer.
 * It resolves the offer (by value or credential_offer_uri), both metadata documents, trades the
 * pre-authorised code (and tx_code) for a token, asks the nonce endpoint, signs a `jwt` key proof
 * with an Ed25519 key made here with node:crypto (its did:key as kid), and asks for the credential.
 * http URLs are allowed: the tests serve the issuer on 127.0.0.1 only.
 */
import crypto from 'node:crypto';
import {Openid4vciClient} from '@openid4vc/openid4vci';
import {clientAuthenticationAnonymous} from '@openid4vc/oauth2';
import {setGlobalConfig} from '@openid4vc/utils';

setGlobalConfig({allowInsecureUrls: true});

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58(bytes) {
  let n = BigInt('0x' + (Buffer.from(bytes).toString('hex') || '0'));
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = '1' + out;
  }
  return out;
}

const b64url = (data) => Buffer.from(data).toString('base64url');

function didKey(privateJwk) {
  const privateKey = privateJwk
    ? crypto.createPrivateKey({key: privateJwk, format: 'jwk'})
    : crypto.generateKeyPairSync('ed25519').privateKey;
  const jwk = crypto.createPublicKey(privateKey).export({format: 'jwk'});
  const raw = Buffer.from(jwk.x, 'base64url');
  const multikey = 'z' + base58(Buffer.concat([Buffer.from([0xed, 0x01]), raw]));
  const did = `did:key:${multikey}`;
  return {did, kid: `${did}#${multikey}`, privateKey, publicJwk: {kty: 'OKP', crv: 'Ed25519', x: jwk.x}};
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function main() {
  const request = await readStdin();
  const holder = didKey(request.privateJwk);
  if (request.op === 'key') {
    return {did: holder.did, privateJwk: holder.privateKey.export({format: 'jwk'})};
  }
  const callbacks = {
    fetch: globalThis.fetch,
    hash: (data, alg) => crypto.createHash(alg.replace('-', '')).update(data).digest(),
    generateRandom: (length) => crypto.randomBytes(length),
    clientAuthentication: clientAuthenticationAnonymous(),
    signJwt: async (signer, {header, payload}) => {
      if (signer.method !== 'did' || signer.didUrl !== holder.kid) {
        throw new Error(`asked to sign with an unknown key ${signer.method}`);
      }
      const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
      const signature = crypto.sign(null, Buffer.from(input), holder.privateKey);
      return {jwt: `${input}.${b64url(signature)}`, signerJwk: holder.publicJwk};
    },
  };
  const client = new Openid4vciClient({callbacks});
  const offer = await client.resolveCredentialOffer(request.offer);
  const issuerMetadata = await client.resolveIssuerMetadata(offer.credential_issuer);
  const {accessTokenResponse} = await client.retrievePreAuthorizedCodeAccessTokenFromOffer({
    credentialOffer: offer,
    issuerMetadata,
    txCode: request.txCode ?? undefined,
  });
  const {c_nonce: nonce} = await client.requestNonce({issuerMetadata});
  const credentialConfigurationId = offer.credential_configuration_ids[0];
  const {jwt} = await client.createCredentialRequestJwtProof({
    issuerMetadata,
    credentialConfigurationId,
    nonce,
    signer: {method: 'did', didUrl: holder.kid, alg: 'EdDSA'},
  });
  const answer = await client.retrieveCredentials({
    issuerMetadata,
    accessToken: accessTokenResponse.access_token,
    credentialConfigurationId,
    proofs: {jwt: [jwt]},
  });
  if (!answer.ok) {
    const body = answer.credentialErrorResponseResult?.data ?? null;
    return {error: 'credential request refused', status: answer.response.status, body};
  }
  return {did: holder.did, offer, credentialResponse: answer.credentialResponse};
}

main().then(
  (result) => {
    process.stdout.write(JSON.stringify(result));
    process.exitCode = result.error ? 1 : 0;
  },
  (error) => {
    process.stdout.write(JSON.stringify({error: error.name ?? 'Error', detail: String(error.message ?? error)}));
    process.exitCode = 1;
  },
);
