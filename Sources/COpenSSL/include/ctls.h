#ifndef CTLS_H
#define CTLS_H
#include <stddef.h>

/* TLS client sessions over the system's OpenSSL, the library Node itself uses, so verification results and their
   texts are Node's. OpenSSL is loaded on first use (dlopen), not linked: most components never open a TLS
   connection, and loading libssl and libcrypto at every start would cost each run. This file is glue: every
   cryptographic operation is OpenSSL's. */

typedef struct ctls_context ctls_context;
typedef struct ctls_session ctls_session;

/* Results of ctls_handshake, ctls_read and ctls_write besides a byte count. */
enum {
    CTLS_ERROR = -1,       /* the session failed; ctls_session_error tells why */
    CTLS_WANT_READ = -2,   /* call again when the socket is readable */
    CTLS_WANT_WRITE = -3,  /* call again when the socket is writable */
    CTLS_CLOSED = -4,      /* the peer closed the session (close_notify or end of stream) */
};

/* 1 when OpenSSL could be loaded, 0 otherwise (ctls_load_error tells why). Safe to call from any thread. */
int ctls_load(void);
const char *ctls_load_error(void);

/* A client context. ca_pem: the trusted roots (NULL: the system's). cert_pem and key_pem: a client certificate
   (chain first) and its key, or NULL. On failure returns NULL and writes the reason to error. */
ctls_context *ctls_context_new(const char *ca_pem, const char *cert_pem, const char *key_pem, const char *passphrase,
                               char *error, size_t error_size);
void ctls_context_free(ctls_context *context);

/* A session on a connected, non-blocking socket. servername: SNI (NULL or empty: none). alpn: the protocol list in
   wire format (length-prefixed names), or NULL. */
ctls_session *ctls_session_new(ctls_context *context, int fd, const char *servername, const unsigned char *alpn,
                               size_t alpn_length, char *error, size_t error_size);
void ctls_session_free(ctls_session *session);

/* 0 when the handshake is complete; CTLS_CLOSED when the peer closed the connection during it. */
int ctls_handshake(ctls_session *session);
long ctls_read(ctls_session *session, void *buffer, size_t length);
long ctls_write(ctls_session *session, const void *buffer, size_t length);
/* Sends close_notify (best effort: the socket is shut down for writing afterwards either way). */
void ctls_shutdown(ctls_session *session);
/* Decrypted bytes OpenSSL holds that the socket no longer shows as readable. */
int ctls_pending(const ctls_session *session);
/* Why the last call returned CTLS_ERROR. */
const char *ctls_session_error(const ctls_session *session);

/* After the handshake: the chain's verification result (0: verified) and its text, the protocol version, the
   protocol ALPN chose (copied into buffer, its length returned; 0 for none). */
long ctls_verify_result(const ctls_session *session);
const char *ctls_verify_error_string(long code);
const char *ctls_protocol(const ctls_session *session);
size_t ctls_alpn(const ctls_session *session, char *buffer, size_t length);

/* The peer's certificate chain, the leaf first, as text: one certificate after another, each a run of
   "key\tvalue" lines ending with an empty line; "raw" is the DER in hex. Values hold no tab or newline (they are
   replaced by spaces). NULL when the peer sent none. Free with ctls_free. */
char *ctls_peer_certificates(const ctls_session *session);
void ctls_free(void *pointer);

/* After the handshake: the Finished messages, the session (DER) and its ticket; the bytes written. */
enum { CTLS_FINISHED = 0, CTLS_PEER_FINISHED = 1, CTLS_SESSION = 2, CTLS_TICKET = 3 };
size_t ctls_session_bytes(const ctls_session *session, int which, void *out, size_t capacity);
/* The signature algorithms both sides share, as Node names them ("RSA-PSS+SHA256"), ':'-separated. */
size_t ctls_shared_sigalgs(const ctls_session *session, char *out, size_t capacity);
/* The negotiated cipher as "name\tstandardName\tversion", or nothing before the handshake. */
size_t ctls_cipher(const ctls_session *session, char *out, size_t capacity);
/* 1 when the handshake resumed an earlier session. */
int ctls_session_reused(const ctls_session *session);
/* Before the handshake: resume a session saved from an earlier connection (DER); 1 when OpenSSL took it. */
int ctls_set_session(ctls_session *session, const void *der, size_t length);
void ctls_disable_renegotiation(ctls_session *session);
/* The protocol versions a session may use (TLS1_2_VERSION…; 0: OpenSSL's default). */
int ctls_set_versions(ctls_session *session, int min_version, int max_version);
#endif
