/**
 * Digital Bazaar's Data Integrity implementation as a second, independent oracle for our proofs.
 *
 * stdin: one JSON request; stdout: one JSON answer. Requests:
 *   {op: "sign", kind: "credential"|"presentation", suite: "eddsa-rdfc-2022"|"Ed25519Signature2020",
 *    document, privateKeyMultibase, created?, challenge?, domain?}
 *   {op: "verify", kind, document, challenge?, domain?}            -> {verified, errors}
 *   {op: "verify-many", documents: [...]}              -> {results, seconds, cpuSeconds}
 *   {op: "canonize-many", documents: [...]}                         -> {nquads: [...]}
 *   {op: "canonize", document}                                      -> {nquads}
 *   {op: "check-status", credential, statusLists: {url: credential}} -> {verified, statuses, errors}
 *     (Digital Bazaar's BitstringStatusList checker; the lists are passed in, never fetched)
 * Contexts come only from ../node/proofs/contexts (the files our Python layer pins); did:key
 * documents are computed; anything else is refused, so nothing is fetched.
 */
import * as vc from '@digitalbazaar/vc';
import jsonld from 'jsonld';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {Ed25519VerificationKey2020} from '@digitalbazaar/ed25519-verification-key-2020';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {documentLoader} from './pinned-loader.mjs';



async function suiteFor(name, privateKeyMultibase) {
  if (name === 'eddsa-rdfc-2022') {
    let signer;
    if (privateKeyMultibase) {
      const seed = decodeSecret(privateKeyMultibase);
      const key = await Ed25519Multikey.generate({seed});
      key.id = `${key.controller = 'did:key:' + key.publicKeyMultibase}#${key.publicKeyMultibase}`;
      signer = key.signer();
    }
    return new DataIntegrityProof({signer, cryptosuite: eddsaRdfc2022});
  }
  if (name === 'Ed25519Signature2020') {
    if (!privateKeyMultibase) {
      return new Ed25519Signature2020();
    }
    const seed = decodeSecret(privateKeyMultibase);
    const multikey = await Ed25519Multikey.generate({seed});
    const did = 'did:key:' + multikey.publicKeyMultibase;
    const key = await Ed25519VerificationKey2020.generate({seed});
    key.controller = did;
    key.id = `${did}#${multikey.publicKeyMultibase}`;
    return new Ed25519Signature2020({key});
  }
  throw new Error(`unknown suite ${name}`);
}

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function decodeSecret(multibase) {
  let n = 0n;
  for (const c of multibase.slice(1)) n = n * 58n + BigInt(ALPHABET.indexOf(c));
  const hex = n.toString(16).padStart(68, '0');
  const bytes = Buffer.from(hex, 'hex');
  if (bytes[0] !== 0x80 || bytes[1] !== 0x26) throw new Error('not an Ed25519 private multikey');
  return new Uint8Array(bytes.subarray(2));
}

function verifierSuites() {
  return [new DataIntegrityProof({cryptosuite: eddsaRdfc2022}), new Ed25519Signature2020()];
}

function errorsOf(result) {
  const errors = [];
  const walk = (r) => {
    if (!r) return;
    if (r.error) {
      const list = Array.isArray(r.error) ? r.error : (r.error.errors || [r.error]);
      for (const e of list) errors.push(String(e && e.message || e));
    }
    for (const p of r.results || []) if (!p.verified) errors.push(String(p.error && p.error.message || p.error));
  };
  walk(result);
  walk(result.presentationResult);
  for (const c of result.credentialResults || []) walk(c);
  return errors;
}

async function verifyOne(request) {
  const options = {suite: verifierSuites(), documentLoader, checkStatus: undefined};
  try {
    const result = request.kind === 'presentation' ?
      await vc.verify({presentation: request.document, challenge: request.challenge,
        domain: request.domain, ...options}) :
      await vc.verifyCredential({credential: request.document, ...options});
    return {verified: Boolean(result.verified), errors: result.verified ? [] : errorsOf(result)};
  } catch (e) {
    return {verified: false, errors: [String(e && e.message || e)]};
  }
}

async function handle(request) {
  switch (request.op) {
    case 'sign': {
      const suite = await suiteFor(request.suite, request.privateKeyMultibase);
      if (request.created) suite.date = request.created;
      if (request.kind === 'presentation') {
        return {document: await vc.signPresentation({presentation: request.document, suite,
          challenge: request.challenge, domain: request.domain, documentLoader})};
      }
      return {document: await vc.issue({credential: request.document, suite, documentLoader})};
    }
    case 'verify':
      return verifyOne(request);
    case 'verify-many': {
      const started = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      const results = [];
      for (const document of request.documents) {
        results.push((await verifyOne({kind: 'credential', document})).verified);
      }
      const used = process.cpuUsage(cpu);
      return {results, seconds: Number(process.hrtime.bigint() - started) / 1e9,
        cpuSeconds: (used.user + used.system) / 1e6};
    }
    case 'canonize': {
      const nquads = await jsonld.canonize(request.document, {
        algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader, safe: true,
      });
      return {nquads};
    }
    case 'canonize-many': {
      const out = [];
      for (const document of request.documents) {
        try {
          out.push(await jsonld.canonize(document, {algorithm: 'RDFC-1.0',
            format: 'application/n-quads', documentLoader, safe: true}));
        } catch (e) {
          out.push(null);
        }
      }
      return {nquads: out};
    }
    case 'check-status': {
      const lists = request.statusLists || {};
      const loader = async (url) => (url in lists ?
        {contextUrl: null, documentUrl: url, document: lists[url]} : documentLoader(url));
      const result = await checkStatus({credential: request.credential, documentLoader: loader,
        suite: verifierSuites()});
      return {verified: Boolean(result.verified),
        statuses: (result.results || []).map((r) => ({
          purpose: r.credentialStatus.statusPurpose, status: r.status})),
        errors: result.error ? [String(result.error.message || result.error)] : []};
    }
    default:
      throw new Error(`unknown op ${request.op}`);
  }
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  try {
    process.stdout.write(JSON.stringify(await handle(JSON.parse(input))));
  } catch (e) {
    process.stdout.write(JSON.stringify({error: String(e && e.stack || e)}));
    process.exitCode = 1;
  }
});
