// Key derivation, signatures and AEAD ciphers (OpenSSL behind both), with keys the test made in KEY_DIR;
// Node v20 is the oracle. ECDSA and PSS signatures are random, so those are checked by verifying them.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const key = (name) => fs.readFileSync(path.join(process.env.KEY_DIR, name), 'utf8');
const rsa = key('rsa.pem'), rsaPublic = key('rsa.pub'), ec = key('ec.pem'), ecPublic = key('ec.pub');
console.log('pbkdf2', crypto.pbkdf2Sync('secret', 'salt', 1000, 32, 'sha256').toString('hex'), crypto.pbkdf2Sync(Buffer.from('p'), 's', 1, 20, 'sha1').toString('base64'));
try { crypto.pbkdf2Sync('a', 'b', 1, 10, 'nope'); } catch (e) { console.log('bad digest', e.name, e.code, e.message); }
console.log('scrypt', crypto.scryptSync('password', 'salt', 32).toString('hex'), crypto.scryptSync('p', 's', 16, { N: 1024, r: 8, p: 1 }).toString('hex'));
const derived = crypto.hkdfSync('sha256', 'key material', 'salt', 'info', 42);
console.log('hkdf', derived instanceof ArrayBuffer, Buffer.from(derived).toString('hex'));
const data = 'header.payload';
const rs256 = crypto.createSign('RSA-SHA256').update(data).sign(rsa, 'base64');
console.log('RS256', rs256, crypto.createVerify('RSA-SHA256').update(data).verify(rsaPublic, rs256, 'base64'),
  crypto.createVerify('sha256').update(data + 'x').verify(rsaPublic, rs256, 'base64'));
console.log('RS512 one-shot', crypto.sign('sha512', Buffer.from(data), rsa).toString('hex').slice(0, 64), crypto.verify('sha512', Buffer.from(data), rsaPublic, crypto.sign('sha512', Buffer.from(data), rsa)));
const pss = crypto.sign('sha256', Buffer.from(data), { key: rsa, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
console.log('PS256', pss.length, crypto.verify('sha256', Buffer.from(data), { key: rsaPublic, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, pss));
const es256 = crypto.createSign('SHA256').update(data).sign(ec);
console.log('ES256 der', es256[0] === 0x30, crypto.createVerify('SHA256').update(data).verify(ecPublic, es256));
const jose = crypto.sign('sha256', Buffer.from(data), { key: ec, dsaEncoding: 'ieee-p1363' });
console.log('ES256 p1363', jose.length, crypto.verify('sha256', Buffer.from(data), { key: ecPublic, dsaEncoding: 'ieee-p1363' }, jose),
  crypto.verify('sha256', Buffer.from(data + '!'), { key: ecPublic, dsaEncoding: 'ieee-p1363' }, jose));
try { crypto.createSign('sha256').update('x').sign('not a key'); } catch (e) { console.log('bad key', e.name, typeof e.message); }
const gcmKey = crypto.createHash('sha256').update('k').digest(), iv = Buffer.alloc(12, 7);
const cipher = crypto.createCipheriv('aes-256-gcm', gcmKey, iv);
cipher.setAAD(Buffer.from('aad'));
const sealed = Buffer.concat([cipher.update('first part, ', 'utf8'), cipher.update('second part'), cipher.final()]);
const tag = cipher.getAuthTag();
console.log('gcm', sealed.toString('hex'), tag.toString('hex'));
const decipher = crypto.createDecipheriv('aes-256-gcm', gcmKey, iv);
decipher.setAAD(Buffer.from('aad'));
decipher.setAuthTag(tag);
console.log('gcm open', decipher.update(sealed, undefined, 'utf8') + decipher.final('utf8'));
const forged = crypto.createDecipheriv('aes-256-gcm', gcmKey, iv);
forged.setAuthTag(Buffer.alloc(16));
forged.update(sealed);
try { forged.final(); } catch (e) { console.log('gcm forged', e.message); }
const short = crypto.createCipheriv('aes-128-gcm', gcmKey.subarray(0, 16), iv, { authTagLength: 12 });
short.update('x'); short.final();
console.log('gcm tag 12', short.getAuthTag().length);
crypto.pbkdf2('secret', 'salt', 1, 8, 'sha256', (err, result) => {
  console.log('pbkdf2 async', err, result.toString('hex'));
  crypto.scrypt('secret', 'salt', 8, (err2, result2) => {
    console.log('scrypt async', err2, result2.toString('hex'));
    crypto.hkdf('sha512', 'k', 's', 'i', 8, (err3, result3) => console.log('hkdf async', err3, Buffer.from(result3).toString('hex')));
  });
});
console.log('sync done');
