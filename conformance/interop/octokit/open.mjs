// open.mjs: opens sealed boxes with libsodium's crypto_box_seal_open, so the
// Go test can check that client.EncryptSecret's output is what libsodium
// (and so GitHub) opens. Reads JSON {public_key, secret_key, boxes: [base64]}
// on stdin and prints the opened plaintexts, base64, one per line.
import sodium from 'libsodium-wrappers';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

await sodium.ready;
const pk = Buffer.from(input.public_key, 'base64');
const sk = Buffer.from(input.secret_key, 'base64');
for (const box of input.boxes) {
  const opened = sodium.crypto_box_seal_open(Buffer.from(box, 'base64'), pk, sk);
  console.log(Buffer.from(opened).toString('base64'));
}
