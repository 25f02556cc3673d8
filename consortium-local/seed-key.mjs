import { Level } from 'level';
const [dir, hex] = process.argv.slice(2);
const db = new Level(`${dir}/config`);
await db.put('config:client_key', Uint8Array.from(Buffer.from(hex, 'hex')), { keyEncoding: 'utf8', valueEncoding: 'view' });
await db.close();
