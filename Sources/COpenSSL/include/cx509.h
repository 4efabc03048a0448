#ifndef CX509_H
#define CX509_H
#include <stddef.h>

/* X.509 certificates from the system's OpenSSL (libcrypto 3), loaded on first use: what crypto.X509Certificate
   reports, in OpenSSL's words, as Node's. */

typedef struct cx509_certificate cx509_certificate;

enum { CX509_HOST = 0, CX509_EMAIL = 1, CX509_IP = 2 };

/* A certificate from PEM or DER; NULL with the reason in `error`. */
cx509_certificate *cx509_parse(const void *data, size_t length, char *error, size_t error_size);
void cx509_free(cx509_certificate *cert);
/* A field as text into `out` (its length returned): subject and issuer as "key=value" lines, subjectAltName,
   infoAccess, validFrom, validTo, serialNumber (hex), fingerprint:<digest> ("AB:CD:…"), keyUsage (OIDs, one a
   line), pem. */
size_t cx509_text(const cx509_certificate *cert, const char *field, char *out, size_t capacity);
/* The certificate (public_key 0) or its public key as SubjectPublicKeyInfo (1) in DER; the length, or -1. */
long cx509_der(const cx509_certificate *cert, int public_key, void *out, size_t capacity);
int cx509_is_ca(const cx509_certificate *cert);
/* X509_check_host/email/ip: 1 matches (for a host, the name that matched goes to `matched`), 0 not, below 0 error. */
int cx509_check(const cx509_certificate *cert, int kind, const char *value, unsigned int flags, char *matched, size_t matched_size);
int cx509_issued(const cx509_certificate *issuer, const cx509_certificate *subject);
/* With private_key 1: whether `key` (an EVP_PKEY) is the certificate's private key; 0: whether it verifies the
   certificate's signature. */
int cx509_matches_key(const cx509_certificate *cert, const void *key, int private_key);

enum { CX509_SPKAC_VERIFY = 0, CX509_SPKAC_PUBLIC_KEY = 1, CX509_SPKAC_CHALLENGE = 2 };
/* A signed public key and challenge (SPKAC, base64): whether its signature verifies (1 or 0), its public key as
   SubjectPublicKeyInfo DER, or its challenge, into `out`; the length, or -1 when it cannot be read. */
long cx509_spkac(const char *base64, size_t length, int what, void *out, size_t capacity);
#endif
