#ifndef CKEYS_H
#define CKEYS_H
#include <stddef.h>

/* Asymmetric keys from the system's OpenSSL (libcrypto 3), loaded on first use like ccrypto.h: the parsing,
   encoding, generation and every operation are OpenSSL's, so accepted formats, results and failures are Node's.
   Functions that can fail write OpenSSL's reason to `error`. */

typedef struct ckeys_key ckeys_key;

enum { CKEYS_ENCRYPT = 0, CKEYS_DECRYPT = 1, CKEYS_SIGN_RAW = 2, CKEYS_VERIFY_RECOVER = 3 };

/* A key from PEM or DER: a private key (PKCS#8, encrypted or not, PKCS#1, SEC1), else (unless private_only) a
   public key (SPKI, PKCS#1) or a certificate's. *is_private says which was found. */
ckeys_key *ckeys_parse(const void *data, size_t length, int der, int private_only, const void *passphrase,
                       size_t passphrase_length, int *is_private, char *error, size_t error_size);
void ckeys_free(ckeys_key *key);
/* Node's asymmetricKeyType: rsa, rsa-pss, ec, ed25519, ed448, x25519, x448, dsa, dh, or unknown. */
const char *ckeys_type(const ckeys_key *key);
int ckeys_bits(const ckeys_key *key);
int ckeys_equal(const ckeys_key *a, const ckeys_key *b);
/* An EC key's curve as OpenSSL names it (prime256v1, secp384r1…); its length, 0 when none. */
size_t ckeys_curve(const ckeys_key *key, char *out, size_t capacity);
/* A big-number parameter (n, e, d, rsa-factor1…, priv, qx, qy) big-endian, its length; -1 when the key has none. */
long ckeys_bn_param(const ckeys_key *key, const char *name, void *out, size_t capacity);
/* The raw public or private bytes of an Ed25519/X25519-style key; -1 for other keys. */
long ckeys_raw(const ckeys_key *key, int private_part, void *out, size_t capacity);
/* PEM or DER in `structure` (SubjectPublicKeyInfo, PrivateKeyInfo, type-specific), encrypted with `cipher` and the
   passphrase when cipher is not NULL. Free the result with free(). */
unsigned char *ckeys_export(const ckeys_key *key, int private_part, int der, const char *structure, const char *cipher,
                            const void *passphrase, size_t passphrase_length, size_t *out_length, char *error, size_t error_size);
/* A new key of `type` (RSA, RSA-PSS, EC, ED25519, X25519…): RSA with `bits` and `exponent` (big-endian; empty for
   the default), EC on `curve`. */
ckeys_key *ckeys_generate(const char *type, int bits, const void *exponent, size_t exponent_length, const char *curve,
                          char *error, size_t error_size);
/* publicEncrypt, privateDecrypt, privateEncrypt (CKEYS_SIGN_RAW) and publicDecrypt (CKEYS_VERIFY_RECOVER) with
   RSA padding (0: the default), OAEP's digest (NULL: SHA-1) and label. Returns the length written, or -1. */
long ckeys_cipher(const ckeys_key *key, int operation, int padding, const char *oaep_digest, const void *label,
                  size_t label_length, const void *in, size_t in_length, void *out, size_t capacity, char *error, size_t error_size);
/* ECDH, X25519, X448 and DH: the secret shared by a private key and a peer's public key; its length, or -1. */
long ckeys_derive(const ckeys_key *private_key, const ckeys_key *peer, void *out, size_t capacity, char *error, size_t error_size);
/* A signature of `data` (digest NULL or empty for Ed25519/Ed448); its length, or -1. */
long ckeys_sign(const ckeys_key *key, const char *digest, int padding, int salt_length, const void *data, size_t data_length,
                void *out, size_t capacity, char *error, size_t error_size);
/* 1 verified, 0 not, -1 failure. */
int ckeys_verify(const ckeys_key *key, const char *digest, int padding, int salt_length, const void *data, size_t data_length,
                 const void *signature, size_t signature_length, char *error, size_t error_size);
#endif
