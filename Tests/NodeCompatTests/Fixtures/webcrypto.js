// Web Crypto in Node and in jshost, with keys the test made in KEY_DIR; Node v20 is the oracle. What is random
// (generated keys, IVs of RSA-OAEP, PSS and ECDSA signatures) is checked by using it; what is not is printed.
const nodeCrypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { subtle } = globalThis.crypto;
const pem = (name) => fs.readFileSync(path.join(process.env.KEY_DIR, name), 'utf8');
const der = (name, type) => nodeCrypto[type === 'spki' ? 'createPublicKey' : 'createPrivateKey'](pem(name)).export({ type, format: 'der' });
const hex = (buffer) => Buffer.from(buffer).toString('hex');
const text = new TextEncoder().encode('the data a component signs');
const failure = (e) => `${e.name}: ${e.message}`;

(async () => {
  console.log(Object.prototype.toString.call(globalThis.crypto), globalThis.crypto instanceof Crypto, nodeCrypto.webcrypto === globalThis.crypto,
    nodeCrypto.subtle === subtle, subtle instanceof SubtleCrypto, typeof crypto.randomUUID(), crypto.randomUUID().length);
  console.log(crypto.getRandomValues(new Uint8Array(8)).length, nodeCrypto.getRandomValues(new Uint32Array(2)).length);
  for (const attempt of [() => new CryptoKey(), () => new SubtleCrypto(), () => crypto.getRandomValues(new Float32Array(2)),
    () => crypto.getRandomValues(new Uint8Array(65537))]) {
    try { attempt(); } catch (e) { console.log('refused', e.name, e.code, e.message); }
  }
  for (const name of ['SHA-1', 'sha-256', { name: 'SHA-384' }, 'SHA-512']) console.log('digest', hex(await subtle.digest(name, text)));
  await subtle.digest('MD5', text).catch((e) => console.log('md5', failure(e)));

  // HMAC
  const hmac = await subtle.importKey('raw', new TextEncoder().encode('a shared secret'), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify']);
  console.log(hmac.type, hmac.extractable, JSON.stringify(hmac.algorithm), hmac.usages, Object.keys(Object.getOwnPropertyDescriptors(CryptoKey.prototype)).sort());
  const mac = await subtle.sign('HMAC', hmac, text);
  console.log('hmac', hex(mac), await subtle.verify('HMAC', hmac, mac, text), await subtle.verify('HMAC', hmac, mac, new Uint8Array(3)));
  console.log('hmac jwk', JSON.stringify(await subtle.exportKey('jwk', hmac)));
  const generatedHmac = await subtle.generateKey({ name: 'HMAC', hash: 'SHA-512' }, false, ['sign']);
  console.log('generated hmac', JSON.stringify(generatedHmac.algorithm), generatedHmac.usages);
  await subtle.exportKey('raw', generatedHmac).catch((e) => console.log('not extractable', failure(e)));
  await subtle.verify('HMAC', generatedHmac, mac, text).catch((e) => console.log('wrong usage', failure(e)));
  console.log('key object', nodeCrypto.KeyObject.from(hmac).type, nodeCrypto.KeyObject.from(hmac).symmetricKeySize);

  // AES
  const raw = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
  const iv = Buffer.from('a0a1a2a3a4a5a6a7a8a9aaab', 'hex');
  const gcm = await subtle.importKey('raw', raw, 'AES-GCM', true, ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey']);
  const sealed = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: text }, gcm, text);
  console.log('gcm', hex(sealed), new TextDecoder().decode(await subtle.decrypt({ name: 'AES-GCM', iv, additionalData: text }, gcm, sealed)));
  console.log('gcm short tag', hex(await subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 96 }, gcm, text)));
  const tampered = new Uint8Array(sealed); tampered[0] ^= 1;
  await subtle.decrypt({ name: 'AES-GCM', iv, additionalData: text }, gcm, tampered).catch((e) => console.log('tampered', failure(e)));
  const cbc = await subtle.importKey('raw', raw, { name: 'AES-CBC' }, true, ['encrypt', 'decrypt']);
  const cbcSealed = await subtle.encrypt({ name: 'AES-CBC', iv: Buffer.alloc(16, 7) }, cbc, text);
  console.log('cbc', hex(cbcSealed), new TextDecoder().decode(await subtle.decrypt({ name: 'AES-CBC', iv: Buffer.alloc(16, 7) }, cbc, cbcSealed)));
  const ctr = await subtle.importKey('raw', raw, 'AES-CTR', false, ['encrypt']);
  console.log('ctr', hex(await subtle.encrypt({ name: 'AES-CTR', counter: Buffer.alloc(16, 1), length: 64 }, ctr, text)));
  console.log('aes jwk', JSON.stringify(await subtle.exportKey('jwk', gcm)), JSON.stringify(cbc.algorithm));
  const kw = await subtle.importKey('raw', Buffer.alloc(32, 9), 'AES-KW', false, ['wrapKey', 'unwrapKey']);
  const wrapped = await subtle.wrapKey('raw', gcm, kw, 'AES-KW');
  const unwrapped = await subtle.unwrapKey('raw', wrapped, kw, 'AES-KW', 'AES-GCM', true, ['decrypt']);
  console.log('aes-kw', hex(wrapped), hex(await subtle.exportKey('raw', unwrapped)), unwrapped.usages);
  const jwkWrapped = await subtle.wrapKey('jwk', hmac, gcm, { name: 'AES-GCM', iv });
  const hmacBack = await subtle.unwrapKey('jwk', jwkWrapped, gcm, { name: 'AES-GCM', iv }, { name: 'HMAC', hash: 'SHA-256' }, true, ['sign']);
  console.log('jwk wrapped', jwkWrapped.byteLength, hex(await subtle.sign('HMAC', hmacBack, text)) === hex(mac));
  await subtle.importKey('raw', Buffer.alloc(5), 'AES-GCM', true, ['encrypt']).catch((e) => console.log('bad aes length', e.name));

  // PBKDF2 and HKDF
  const password = await subtle.importKey('raw', new TextEncoder().encode('password'), 'PBKDF2', false, ['deriveBits', 'deriveKey']);
  console.log('pbkdf2', hex(await subtle.deriveBits({ name: 'PBKDF2', salt: new TextEncoder().encode('salt'), iterations: 1000, hash: 'SHA-256' }, password, 256)));
  const derived = await subtle.deriveKey({ name: 'PBKDF2', salt: Buffer.from('salt'), iterations: 10, hash: 'SHA-1' }, password, { name: 'AES-GCM', length: 256 }, true, ['encrypt']);
  console.log('derived', JSON.stringify(derived.algorithm), hex(await subtle.exportKey('raw', derived)));
  const ikm = await subtle.importKey('raw', Buffer.alloc(22, 0x0b), 'HKDF', false, ['deriveBits']);
  console.log('hkdf', hex(await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: Buffer.from('000102030405060708090a0b0c', 'hex'), info: Buffer.from('f0f1f2f3f4f5f6f7f8f9', 'hex') }, ikm, 336)));
  await subtle.importKey('raw', Buffer.from('x'), 'PBKDF2', true, ['deriveBits']).catch((e) => console.log('extractable pbkdf2', e.name));

  // RSA
  const rsaPrivate = await subtle.importKey('pkcs8', der('rsa.pem', 'pkcs8'), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign']);
  const rsaPublic = await subtle.importKey('spki', der('rsa.pub', 'spki'), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
  const rs256 = await subtle.sign('RSASSA-PKCS1-v1_5', rsaPrivate, text);
  console.log('rs256', hex(rs256).slice(0, 64), await subtle.verify('RSASSA-PKCS1-v1_5', rsaPublic, rs256, text));
  console.log('rsa algorithm', rsaPublic.algorithm.name, rsaPublic.algorithm.modulusLength, Array.from(rsaPublic.algorithm.publicExponent), rsaPublic.algorithm.hash);
  const rsaJwk = await subtle.exportKey('jwk', rsaPublic);
  console.log('rsa jwk', Object.keys(rsaJwk).join(), rsaJwk.alg, rsaJwk.e, rsaJwk.n.slice(0, 20));
  console.log('rsa private jwk', Object.keys(await subtle.exportKey('jwk', rsaPrivate)).join());
  console.log('spki round trip', hex(await subtle.exportKey('spki', rsaPublic)) === hex(der('rsa.pub', 'spki')));
  const pssPrivate = await subtle.importKey('pkcs8', der('rsa.pem', 'pkcs8'), { name: 'RSA-PSS', hash: 'SHA-384' }, false, ['sign']);
  const pssPublic = await subtle.importKey('jwk', rsaJwk, { name: 'RSA-PSS', hash: 'SHA-384' }, false, ['verify']).catch(failure);
  const pssPublicFromSpki = await subtle.importKey('spki', der('rsa.pub', 'spki'), { name: 'RSA-PSS', hash: 'SHA-384' }, false, ['verify']);
  const pss = await subtle.sign({ name: 'RSA-PSS', saltLength: 32 }, pssPrivate, text);
  console.log('pss', pss.byteLength, await subtle.verify({ name: 'RSA-PSS', saltLength: 32 }, pssPublicFromSpki, pss, text), typeof pssPublic === 'string' ? pssPublic : pssPublic.type);
  const oaepPublic = await subtle.importKey('spki', der('rsa.pub', 'spki'), { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);
  const oaepPrivate = await subtle.importKey('pkcs8', der('rsa.pem', 'pkcs8'), { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt']);
  const oaep = await subtle.encrypt({ name: 'RSA-OAEP', label: Buffer.from('label') }, oaepPublic, text);
  console.log('oaep', new TextDecoder().decode(await subtle.decrypt({ name: 'RSA-OAEP', label: Buffer.from('label') }, oaepPrivate, oaep)));
  await subtle.importKey('spki', der('rsa.pub', 'spki'), { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['sign']).catch((e) => console.log('bad usage', e.name));
  const rsaPair = await subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify']);
  console.log('rsa pair', rsaPair.publicKey.usages, rsaPair.privateKey.usages, rsaPair.publicKey.extractable, rsaPair.privateKey.algorithm.modulusLength,
    await subtle.verify('RSASSA-PKCS1-v1_5', rsaPair.publicKey, await subtle.sign('RSASSA-PKCS1-v1_5', rsaPair.privateKey, text), text));

  // EC
  const ecPrivate = await subtle.importKey('pkcs8', der('ec.pem', 'pkcs8'), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
  const ecRaw = await subtle.exportKey('raw', await subtle.importKey('spki', der('ec.pub', 'spki'), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']));
  const ecPublic = await subtle.importKey('raw', ecRaw, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
  const es = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, ecPrivate, text);
  console.log('ecdsa', es.byteLength, ecRaw.byteLength, hex(ecRaw).slice(0, 10), await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, ecPublic, es, text), JSON.stringify(ecPublic.algorithm));
  console.log('ec jwk', JSON.stringify(await subtle.exportKey('jwk', ecPublic)).length, Object.keys(await subtle.exportKey('jwk', ecPrivate)).join());
  await subtle.importKey('pkcs8', der('ec.pem', 'pkcs8'), { name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign']).catch((e) => console.log('curve mismatch', e.name));
  for (const namedCurve of ['P-256', 'P-384', 'P-521']) {
    const a = await subtle.generateKey({ name: 'ECDH', namedCurve }, true, ['deriveBits']);
    const b = await subtle.generateKey({ name: 'ECDH', namedCurve }, true, ['deriveBits', 'deriveKey']);
    const ab = await subtle.deriveBits({ name: 'ECDH', public: b.publicKey }, a.privateKey, null);
    const ba = await subtle.deriveBits({ name: 'ECDH', public: a.publicKey }, b.privateKey, null);
    console.log('ecdh', namedCurve, ab.byteLength, hex(ab) === hex(ba), a.publicKey.usages, b.privateKey.usages,
      (await subtle.deriveBits({ name: 'ECDH', public: b.publicKey }, a.privateKey, 12)).byteLength);
  }

  // Ed25519 and X25519
  const ed = await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const edSignature = await subtle.sign('Ed25519', ed.privateKey, text);
  const edRaw = await subtle.exportKey('raw', ed.publicKey);
  const edBack = await subtle.importKey('raw', edRaw, 'Ed25519', true, ['verify']);
  console.log('ed25519', edSignature.byteLength, edRaw.byteLength, await subtle.verify('Ed25519', edBack, edSignature, text), JSON.stringify(ed.privateKey.algorithm),
    Object.keys(await subtle.exportKey('jwk', ed.privateKey)).join());
  const x1 = await subtle.generateKey({ name: 'X25519' }, false, ['deriveBits']);
  const x2 = await subtle.generateKey({ name: 'X25519' }, false, ['deriveKey']);
  const shared = await subtle.deriveKey({ name: 'X25519', public: x1.publicKey }, x2.privateKey, { name: 'HMAC', hash: 'SHA-256', length: 256 }, true, ['sign']);
  console.log('x25519', (await subtle.deriveBits({ name: 'X25519', public: x2.publicKey }, x1.privateKey, 256)).byteLength, JSON.stringify(shared.algorithm),
    hex(await subtle.exportKey('raw', shared)) === hex(await subtle.deriveBits({ name: 'X25519', public: x2.publicKey }, x1.privateKey, 256)));

  await subtle.generateKey({ name: 'NOPE' }, true, ['sign']).catch((e) => console.log('unknown', failure(e)));
  for (const attempt of [() => subtle.digest('SHA-256', 5), () => subtle.encrypt({ name: 'AES-GCM', iv: 5 }, gcm, text),
    () => subtle.encrypt({ name: 'AES-GCM', iv }, gcm, 5), () => subtle.verify('HMAC', hmac, 5, text), () => subtle.importKey('raw', 5, 'AES-GCM', true, ['encrypt']),
    () => subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: 5, info: text }, ikm, 8)]) {
    await attempt().then(() => console.log('accepted'), (e) => console.log('refused', e.code, e.message));
  }
  await subtle.encrypt.call({}, 'AES-GCM', gcm, text).catch((e) => console.log('this', e.code));
  console.log(hmac);
})().catch((e) => console.log('failed', e.stack));
