// Key objects in Node and in jshost (OpenSSL behind both), with keys the test made in KEY_DIR; Node v20 is the
// oracle. What is random (generated keys, OAEP, ECDSA) is checked by using it; what is not is printed.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const key = (name) => fs.readFileSync(path.join(process.env.KEY_DIR, name), 'utf8');
const rsaPem = key('rsa.pem'), ecPem = key('ec.pem');

const rsa = crypto.createPrivateKey(rsaPem), rsaPublic = crypto.createPublicKey(key('rsa.pub'));
console.log(rsa.type, rsa.asymmetricKeyType, rsa.asymmetricKeyDetails, rsaPublic.type, rsa instanceof crypto.KeyObject);
console.log(crypto.createPublicKey(rsa).equals(rsaPublic), rsa.equals(rsaPublic), crypto.createPublicKey(rsaPem).type);
const pkcs8 = rsa.export({ type: 'pkcs8', format: 'pem' }), pkcs1 = rsa.export({ type: 'pkcs1', format: 'pem' });
console.log(pkcs8.split('\n')[0], pkcs1.split('\n')[0], rsa.export({ type: 'pkcs1', format: 'der' }).length, rsaPublic.export({ type: 'spki', format: 'der' }).toString('base64').slice(0, 40));
console.log(crypto.createPrivateKey(pkcs1).equals(rsa), crypto.createPrivateKey({ key: rsa.export({ type: 'pkcs8', format: 'der' }), format: 'der', type: 'pkcs8' }).equals(rsa));
const jwk = rsa.export({ format: 'jwk' });
console.log(Object.keys(jwk).join(), jwk.e, crypto.createPrivateKey({ key: jwk, format: 'jwk' }).equals(rsa), crypto.createPublicKey({ key: rsaPublic.export({ format: 'jwk' }), format: 'jwk' }).equals(rsaPublic));
const encrypted = rsa.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'top secret' });
console.log(encrypted.split('\n')[0], crypto.createPrivateKey({ key: encrypted, passphrase: 'top secret' }).equals(rsa));
try { crypto.createPrivateKey({ key: encrypted, passphrase: 'wrong' }); } catch (e) { console.log('wrong passphrase', e.code); }
try { crypto.createPrivateKey('garbage'); } catch (e) { console.log(e.message, e.code); }
try { rsa.export({ type: 'sec1', format: 'pem' }); } catch (e) { console.log(e.message, e.code); }

const ec = crypto.createPrivateKey(ecPem), ecPublic = crypto.createPublicKey(key('ec.pub'));
const ecJwk = ec.export({ format: 'jwk' });
console.log(ec.asymmetricKeyType, ec.asymmetricKeyDetails, Object.keys(ecJwk).join(), ecJwk.crv, ec.export({ type: 'sec1', format: 'pem' }).split('\n')[0]);
console.log(crypto.createPrivateKey({ key: ecJwk, format: 'jwk' }).equals(ec), crypto.createPublicKey({ key: ecPublic.export({ format: 'jwk' }), format: 'jwk' }).equals(ecPublic));

const secret = crypto.createSecretKey(Buffer.from('shhh'));
console.log(secret.type, secret.symmetricKeySize, secret.export().toString(), secret.export({ format: 'jwk' }), secret.equals(crypto.createSecretKey('shhh', 'utf8')));

// Signatures with key objects, as JWT libraries make them (RS256, PS256, ES256 in JOSE's r‖s form).
const payload = Buffer.from('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0');
const rs256 = crypto.sign('sha256', payload, rsa);
console.log('RS256', rs256.toString('base64url').slice(0, 32), crypto.verify('sha256', payload, rsaPublic, rs256));
const ps256 = crypto.sign('sha256', payload, { key: rsa, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
console.log('PS256', crypto.verify('sha256', payload, { key: rsaPublic, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, ps256));
const es256 = crypto.sign('sha256', payload, { key: ec, dsaEncoding: 'ieee-p1363' });
console.log('ES256', es256.length, crypto.verify('sha256', payload, { key: ecPublic, dsaEncoding: 'ieee-p1363' }, es256));

// Generated keys.
const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
console.log(privateKey.asymmetricKeyDetails, publicKey.type, crypto.verify('sha256', payload, publicKey, crypto.sign('sha256', payload, privateKey)));
const encoded = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384', publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } });
console.log(typeof encoded.publicKey, encoded.publicKey.split('\n')[0], Buffer.isBuffer(encoded.privateKey), crypto.createPrivateKey({ key: encoded.privateKey, format: 'der', type: 'pkcs8' }).asymmetricKeyDetails);
const ed = crypto.generateKeyPairSync('ed25519');
const edSignature = crypto.sign(null, payload, ed.privateKey);
console.log('Ed25519', edSignature.length, crypto.verify(null, payload, ed.publicKey, edSignature), Object.keys(ed.privateKey.export({ format: 'jwk' })).join(), ed.publicKey.asymmetricKeyDetails);
const edFixed = crypto.createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }, format: 'jwk' });
console.log('Ed25519 fixed', crypto.sign(null, Buffer.from(''), edFixed).toString('hex'));
try { crypto.generateKeyPairSync('ec', { namedCurve: 'nope' }); } catch (e) { console.log(e.code, e.message); }

// RSA encryption.
const sealed = crypto.publicEncrypt(rsaPublic, Buffer.from('for your eyes'));
console.log('OAEP', sealed.length, crypto.privateDecrypt(rsa, sealed).toString());
const sha256Oaep = crypto.publicEncrypt({ key: rsaPem, oaepHash: 'sha256' }, Buffer.from('sha-256'));
console.log('OAEP-256', crypto.privateDecrypt({ key: rsa, oaepHash: 'sha256' }, sha256Oaep).toString());
const signedRaw = crypto.privateEncrypt(rsa, Buffer.from('raw'));
console.log('PKCS1', signedRaw.toString('base64').slice(0, 24), crypto.publicDecrypt(rsaPublic, signedRaw).toString());
try { crypto.privateDecrypt(rsa, Buffer.alloc(256, 1)); } catch (e) { console.log('bad ciphertext', typeof e.message); }

// Key agreement.
const alice = crypto.createECDH('prime256v1'), bob = crypto.createECDH('prime256v1');
alice.generateKeys(); bob.generateKeys();
console.log('ECDH', alice.computeSecret(bob.getPublicKey()).equals(bob.computeSecret(alice.getPublicKey(null, 'compressed'))), alice.getPublicKey().length, alice.getPublicKey('hex', 'compressed').length);
const carol = crypto.createECDH('prime256v1');
carol.setPrivateKey(alice.getPrivateKey());
console.log('setPrivateKey', carol.getPublicKey('hex') === alice.getPublicKey('hex'), crypto.ECDH.convertKey(alice.getPublicKey('hex', 'compressed'), 'prime256v1', 'hex', 'hex', 'uncompressed') === alice.getPublicKey('hex'));
const x1 = crypto.generateKeyPairSync('x25519'), x2 = crypto.generateKeyPairSync('x25519');
console.log('X25519', crypto.diffieHellman({ privateKey: x1.privateKey, publicKey: x2.publicKey }).equals(crypto.diffieHellman({ privateKey: x2.privateKey, publicKey: x1.publicKey })));

// Certificates.
const cert = new crypto.X509Certificate(key('cert.pem'));
console.log(JSON.stringify({ subject: cert.subject, issuer: cert.issuer, san: cert.subjectAltName, ia: cert.infoAccess, serialLength: cert.serialNumber.length,
  fp: cert.fingerprint.length, fp256: cert.fingerprint256.length, ku: cert.keyUsage, ca: cert.ca, from: typeof cert.validFrom, raw: cert.raw.length > 0 }));
console.log(cert.checkHost('www.example.org'), cert.checkHost('other.com'), cert.checkHost('example.org', { wildcards: false }), cert.checkIP('127.0.0.1'),
  cert.checkIP('10.0.0.1'), cert.checkEmail('a@example.org'), cert.checkIssued(cert), cert.verify(cert.publicKey), cert.verify(ecPublic),
  cert.checkPrivateKey(rsa), cert.checkPrivateKey(ec), cert.publicKey.equals(rsaPublic), cert.toString() === key('cert.pem'), cert.toJSON() === cert.toString());
console.log(Object.keys(cert.toLegacyObject()).join(), cert.toLegacyObject().subject, cert.toLegacyObject().bits, new crypto.X509Certificate(cert.raw).fingerprint === cert.fingerprint);
try { new crypto.X509Certificate('not a certificate'); } catch (e) { console.log('bad certificate', typeof e.message); }

// Certificate: an SPKAC the openssl command signed with the RSA key.
const spkac = key('spkac.txt').trim().replace(/^SPKAC=/, '');
const tampered = Buffer.from(spkac); tampered[40] = tampered[40] === 65 ? 66 : 65;
console.log('spkac', crypto.Certificate.verifySpkac(Buffer.from(spkac)), crypto.Certificate.verifySpkac(tampered), crypto.Certificate.exportChallenge(spkac).toString(),
  crypto.Certificate.exportPublicKey(spkac).toString() === rsaPublic.export({ type: 'spki', format: 'pem' }), JSON.stringify(crypto.Certificate.exportChallenge('garbage')),
  new crypto.Certificate().verifySpkac(Buffer.from(spkac)), crypto.Certificate() instanceof crypto.Certificate, Object.getOwnPropertyNames(crypto.Certificate.prototype));
try { crypto.Certificate.verifySpkac(5); } catch (e) { console.log(e.code, e.message); }

// jose (Debian's node-jose), which builds JWTs on key objects.
const jose = require('jose');
(async () => {
  const jwt = await new jose.SignJWT({ sub: 'component' }).setProtectedHeader({ alg: 'RS256' }).setIssuedAt(1700000000).sign(rsa);
  console.log('jose RS256', jwt, (await jose.jwtVerify(jwt, rsaPublic)).payload);
  const es = await new jose.SignJWT({ n: 1 }).setProtectedHeader({ alg: 'ES256' }).sign(await jose.importPKCS8(ec.export({ type: 'pkcs8', format: 'pem' }), 'ES256'));
  console.log('jose ES256', (await jose.jwtVerify(es, await jose.importSPKI(key('ec.pub'), 'ES256'))).payload);
  console.log('jose JWK', await jose.exportJWK(rsaPublic), await jose.calculateJwkThumbprint(await jose.exportJWK(ecPublic)));
})().catch((e) => console.log('jose failed', e.message));
