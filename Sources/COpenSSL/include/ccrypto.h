#ifndef CCRYPTO_H
#define CCRYPTO_H
#include <stddef.h>

/* Key derivation and AEAD ciphers from the system's OpenSSL (libcrypto 3), the library Node uses, so
   results, accepted key formats and failures are Node's. Loaded on first use, like the TLS half (ctls.h). Every
   function returns 1 on success and 0 on failure, with OpenSSL's reason in `error`. */

int ccrypto_load(char *error, size_t error_size);

int ccrypto_pbkdf2(const void *password, size_t password_length, const void *salt, size_t salt_length,
                   unsigned long iterations, const char *digest, void *out, size_t out_length, char *error, size_t error_size);
int ccrypto_scrypt(const void *password, size_t password_length, const void *salt, size_t salt_length,
                   unsigned long long cost, unsigned long long block_size, unsigned long long parallelization,
                   unsigned long long max_memory, void *out, size_t out_length, char *error, size_t error_size);
int ccrypto_hkdf(const char *digest, const void *key, size_t key_length, const void *salt, size_t salt_length,
                 const void *info, size_t info_length, void *out, size_t out_length, char *error, size_t error_size);

/* An AEAD (or any EVP) cipher streamed in steps, as Node's Cipher/Decipher. */
typedef struct ccrypto_cipher ccrypto_cipher;
ccrypto_cipher *ccrypto_cipher_new(const char *name, int encrypt, const void *key, size_t key_length, const void *iv,
                                   size_t iv_length, size_t tag_length, char *error, size_t error_size);
int ccrypto_cipher_aad(ccrypto_cipher *cipher, const void *aad, size_t aad_length, char *error, size_t error_size);
/* `out` needs room for `length` plus one block. Returns the bytes written, or -1. */
long ccrypto_cipher_update(ccrypto_cipher *cipher, const void *in, size_t length, void *out, char *error, size_t error_size);
int ccrypto_cipher_set_tag(ccrypto_cipher *cipher, const void *tag, size_t tag_length, char *error, size_t error_size);
/* Returns the bytes written to `out` (room for one block), or -1 (for a decryption: the data is not authentic). */
long ccrypto_cipher_final(ccrypto_cipher *cipher, void *out, char *error, size_t error_size);
int ccrypto_cipher_tag(ccrypto_cipher *cipher, void *tag, size_t tag_length, char *error, size_t error_size);
void ccrypto_cipher_free(ccrypto_cipher *cipher);
/* Block padding on (1) or off (0), as setAutoPadding. */
int ccrypto_cipher_padding(ccrypto_cipher *cipher, int on);

/* What getCipherInfo reports of a cipher; 0 when OpenSSL has no cipher of that name. */
int ccrypto_cipher_info(const char *name, int *nid, int *block_size, int *iv_length, int *key_length, int *mode,
                        char *short_name, size_t short_name_size);
/* OpenSSL's cipher names and its elliptic curves' short names, one a line; the bytes written. */
size_t ccrypto_cipher_names(char *buffer, size_t size);
size_t ccrypto_curve_names(char *buffer, size_t size);
/* A random prime of `bits` (safe: (p-1)/2 prime too; p % add == rem when add is given), big-endian; its length or -1. */
long ccrypto_prime_generate(int bits, int safe, const void *add, size_t add_length, const void *rem, size_t rem_length,
                            void *out, size_t capacity, char *error, size_t error_size);
/* 1 prime, 0 not, -1 failure. */
int ccrypto_prime_check(const void *candidate, size_t length);

/* Classic Diffie-Hellman: a group Node names (modp1, modp2, modp5, modp14…modp18), or a prime and generator given,
   or generated (generate_bits > 0). */
typedef struct ccrypto_dh ccrypto_dh;
ccrypto_dh *ccrypto_dh_group(const char *name);
ccrypto_dh *ccrypto_dh_new(const void *prime, size_t prime_length, const void *generator, size_t generator_length,
                           int generate_bits, int generate_generator, char *error, size_t error_size);
void ccrypto_dh_free(ccrypto_dh *dh);
/* DH_check's codes (DH_CHECK_P_NOT_PRIME…), -1 on failure. */
int ccrypto_dh_check(const ccrypto_dh *dh);
/* A new key pair (from the private key already set, if any). */
int ccrypto_dh_generate_key(ccrypto_dh *dh);
/* which: 0 prime, 1 generator, 2 public key, 3 private key; big-endian, the length or -1 when unset. */
long ccrypto_dh_get(const ccrypto_dh *dh, int which, void *out, size_t capacity);
int ccrypto_dh_set_key(ccrypto_dh *dh, int which, const void *bytes, size_t length);
/* The shared secret with a peer's public key, padded to the prime's size; its length, or -1. */
long ccrypto_dh_compute(ccrypto_dh *dh, const void *peer, size_t peer_length, void *out, size_t capacity, char *error, size_t error_size);
#endif
