/**
 * The JSON-LD document loader every Node script here uses: contexts only from
 * ../node/proofs/contexts (the files our Python layer pins, by their index), did:key documents
 * computed from the key itself, anything else refused, so nothing is ever fetched.
 */
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const contextDir = path.join(here, '..', 'node', 'proofs', 'contexts');
const index = JSON.parse(fs.readFileSync(path.join(contextDir, 'index.json'), 'utf8'));
const contexts = new Map();
for (const [url, {file}] of Object.entries(index)) {
  contexts.set(url, JSON.parse(fs.readFileSync(path.join(contextDir, file), 'utf8')));
}

/** A did:key's DID document, or (with a fragment) its one Multikey verification method. */
export function didKeyDocuments(url) {
  const [did, fragment] = url.split('#');
  const key = did.slice('did:key:'.length);
  const vm = {
    '@context': 'https://w3id.org/security/multikey/v1',
    id: `${did}#${key}`, type: 'Multikey', controller: did, publicKeyMultibase: key,
  };
  if (fragment !== undefined) {
    return fragment === key ? vm : null;
  }
  const {['@context']: _ignored, ...method} = vm;
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did, verificationMethod: [method],
    assertionMethod: [vm.id], authentication: [vm.id],
  };
}

/** The loader: a pinned context or an Ed25519 did:key, else an error (never a network call). */
export async function documentLoader(url) {
  let document = contexts.get(url);
  if (document === undefined && url.startsWith('did:key:z6Mk')) {
    document = didKeyDocuments(url);
  }
  if (!document) {
    throw new Error(`${url} is not in the pinned set and is never fetched`);
  }
  return {contextUrl: null, documentUrl: url, document};
}
