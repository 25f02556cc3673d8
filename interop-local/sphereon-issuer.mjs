/**
 * Sphereon's OpenID4VCI issuer (@sphereon/oid4vci-issuer + -issuer-server 0.20.1) as an
 * independent third-party issuer for our wallet, on 127.0.0.1 only, with in-memory state.
 *
 * Usage: node sphereon-issuer.mjs <port> [--tamper]
 * (--tamper alters each credential after signing it, so its proof no longer verifies.)
 * Once listening it prints one JSON line on stdout:
 *   {issuer, issuerDid, offers: {reference, value, txCode: {uri, txCode}}}
 * each offer a fresh pre-authorised code for the one `ldp_vc` configuration. More offers:
 * POST /webapp/credential-offers (Sphereon's own route). It then serves until killed.
 *
 * Sphereon supplies the protocol (metadata, offers, token, nonce, credential endpoints, proof
 * checks); the callbacks here are what any deployment of it must supply: the access token
 * signer and verifier, the key proof verifier (EdDSA with a did:key kid), the credential data,
 * and the credential signer. The credential is an Open Badge signed with eddsa-rdfc-2022 by
 * Digital Bazaar's @digitalbazaar/vc, under this process's own random did:key: a foreign issuer
 * that our bank has never accredited or anchored. Contexts come only from
 * ../node/proofs/contexts; nothing is fetched.
 */
import crypto from 'node:crypto';
import express from 'express';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {VcIssuerBuilder} from '@sphereon/oid4vci-issuer';
import {OID4VCIServer} from '@sphereon/oid4vci-issuer-server';
import {didKeyDocuments, documentLoader} from './pinned-loader.mjs';

// The library logs its events through console: keep stdout for the one JSON answer.
for (const level of ['log', 'info', 'debug', 'warn']) {
  console[level] = (...args) => console.error(...args);
}


const CONFIGURATION = 'ForeignBadge_ldp_vc';
const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  process.stderr.write('usage: node sphereon-issuer.mjs <port>\n');
  process.exit(2);
}
const tamper = process.argv.includes('--tamper');
const base = `http://127.0.0.1:${port}`;


// The issuer's own key: a fresh did:key each run, never accredited anywhere.
const issuerKey = await Ed25519Multikey.generate();
const issuerDid = `did:key:${issuerKey.publicKeyMultibase}`;
issuerKey.controller = issuerDid;
issuerKey.id = `${issuerDid}#${issuerKey.publicKeyMultibase}`;
const issuerSigner = issuerKey.signer();
const issuerVerifier = issuerKey.verifier();

const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const unb64url = (text) => Buffer.from(text, 'base64url');

function decodeJwt(jwt) {
  const parts = typeof jwt === 'string' ? jwt.split('.') : [];
  if (parts.length !== 3) {
    throw new Error('not a compact JWS');
  }
  return {
    header: JSON.parse(unb64url(parts[0]).toString('utf8')),
    payload: JSON.parse(unb64url(parts[1]).toString('utf8')),
    signingInput: new TextEncoder().encode(`${parts[0]}.${parts[1]}`),
    signature: unb64url(parts[2]),
  };
}

/** Access tokens: an EdDSA JWT signed by the issuer key (Sphereon builds the claims). */
async function signAccessToken(jwt) {
  const header = {...jwt.header, alg: 'EdDSA', kid: issuerKey.id};
  const head = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(jwt.payload))}`;
  const signature = await issuerSigner.sign({data: new TextEncoder().encode(head)});
  return `${head}.${b64url(signature)}`;
}

async function verifyAccessToken({jwt}) {
  const decoded = decodeJwt(jwt);
  const ok = decoded.header.alg === 'EdDSA' && await issuerVerifier.verify(
    {data: decoded.signingInput, signature: decoded.signature});
  if (!ok || !(decoded.payload.exp > Date.now() / 1000)) {
    throw new Error('access token not signed by this issuer, or expired');
  }
  return {jwt: {header: decoded.header, payload: decoded.payload}};
}

/** Key proofs: EdDSA with a did:key kid, checked against the key the DID itself carries. */
async function verifyKeyProof({jwt}) {
  const decoded = decodeJwt(jwt);
  const {kid, alg} = decoded.header;
  if (alg !== 'EdDSA' || typeof kid !== 'string' || !kid.startsWith('did:key:z6Mk')) {
    throw new Error('only EdDSA proofs with a did:key kid are accepted');
  }
  const did = kid.split('#')[0];
  const didDocument = didKeyDocuments(did);
  const key = await Ed25519Multikey.from({...didDocument.verificationMethod[0]});
  const ok = await key.verifier().verify({data: decoded.signingInput, signature: decoded.signature});
  if (!ok) {
    throw new Error('the key proof signature does not verify');
  }
  return {jwt: {header: decoded.header, payload: decoded.payload}, did, didDocument, kid, alg};
}

/** The credential data: an Open Badge 3.0 achievement; Sphereon sets the subject id. */
async function credentialData() {
  return {
    format: 'ldp_vc',
    credential: {
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ],
      id: `urn:uuid:${crypto.randomUUID()}`,
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'Foreign workshop badge',
      issuer: {id: issuerDid, type: ['Profile'], name: 'Sphereon test issuer (foreign)'},
      validFrom: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      credentialSubject: {
        type: ['AchievementSubject'],
        creditsEarned: 5,
        achievement: {
          id: `urn:uuid:${crypto.randomUUID()}`,
          type: ['Achievement'],
          name: 'Foreign workshop',
          description: 'A badge from an issuer our bank does not know.',
          criteria: {narrative: 'Attended the workshop.'},
        },
      },
    },
  };
}

async function signCredential({credential}) {
  const suite = new DataIntegrityProof({signer: issuerSigner, cryptosuite: eddsaRdfc2022});
  const signed = await vc.issue({credential, suite, documentLoader});
  return tamper ? {...signed, name: 'Foreign workshop badge (altered after signing)'} : signed;
}

const issuer = new VcIssuerBuilder()
  .withCredentialIssuer(base)
  .withCredentialEndpoint(`${base}/credential`)
  .withNonceEndpoint(`${base}/nonce`)
  .withIssuerDisplay({name: 'Sphereon test issuer (foreign)', locale: 'en-GB'})
  .withCredentialConfigurationsSupported({
    [CONFIGURATION]: {
      format: 'ldp_vc',
      credential_definition: {
        '@context': [
          'https://www.w3.org/ns/credentials/v2',
          'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
        ],
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
      },
      cryptographic_binding_methods_supported: ['did:key'],
      credential_signing_alg_values_supported: ['eddsa-rdfc-2022'],
      proof_types_supported: {jwt: {proof_signing_alg_values_supported: ['EdDSA']}},
    },
  })
  .withAuthorizationMetadata({
    issuer: base,
    token_endpoint: `${base}/token`,
    grant_types_supported: ['urn:ietf:params:oauth:grant-type:pre-authorized_code'],
    'pre-authorized_grant_anonymous_access_supported': true,
  })
  .withInMemoryCredentialOfferState()
  .withInMemoryCredentialOfferURIState()
  .withInMemoryCNonceState()
  .withJWTVerifyCallback(verifyKeyProof)
  .withCredentialDataSupplier(credentialData)
  .withCredentialSignerCallback(signCredential)
  .build();

const app = express();
app.use(express.json({limit: '100kb'}));
app.use(express.urlencoded({extended: false, limit: '100kb'}));
const server = new OID4VCIServer({express: app}, {
  baseUrl: base,
  issuer,
  endpointOpts: {
    tokenEndpointOpts: {
      accessTokenSignerCallback: signAccessToken,
      accessTokenVerificationCallback: verifyAccessToken,
      tokenPath: '/token',
    },
  },
});

async function offer(mode, txCode) {
  const grant = {'pre-authorized_code': crypto.randomBytes(16).toString('base64url')};
  if (txCode) {
    grant.tx_code = {input_mode: 'numeric', length: 6, description: 'the code the issuer sent'};
  }
  const made = await issuer.createCredentialOfferURI({
    offerMode: mode,
    credential_configuration_ids: [CONFIGURATION],
    grants: {'urn:ietf:params:oauth:grant-type:pre-authorized_code': grant},
    credentialOfferUri: `${base}/credential-offers/:id`,
  });
  return {uri: made.uri, txCode: made.userPin ?? null};
}

const listener = server.app.listen(port, '127.0.0.1', async () => {
  const answer = {
    issuer: base,
    issuerDid,
    offers: {
      reference: (await offer('REFERENCE')).uri,
      value: (await offer('VALUE')).uri,
      txCode: await offer('REFERENCE', true),
    },
  };
  process.stdout.write(JSON.stringify(answer) + '\n');
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => listener.close(() => process.exit(0)));
}
