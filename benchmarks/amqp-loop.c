// The broker's own limit for the scale-out benchmark (D1), and its load: a minimal rabbitmq-c loop.
//   setup HOST PORT IN OUT EXCHANGE KEY        declare (and empty) the queues, the exchange and the binding
//   fill URI-HOST PORT QUEUE N PASSWORD IV   publish N sailor-encrypted messages (protocol 1) to QUEUE, confirmed
//   relay HOST PORT IN EXCHANGE KEY N [P]    consume IN with prefetch P (1 when not given); for each message
//                                            publish its body to EXCHANGE/KEY, then ack it once the broker confirmed
//                                            that publish: what a step must do per message to acknowledge only what
//                                            the broker has confirmed. At P 1 it waits for each confirm before the
//                                            ack; above 1 it pipelines: the next delivery already here is relayed
//                                            while confirms are out, confirms are taken in as they come, and the
//                                            messages they cover are acknowledged together (multiple)
//   drain HOST PORT QUEUE N                  consume N messages; print seconds from the first to the last
// Built by benchmarks/run-scale-out with gcc against Debian's librabbitmq-dev and libssl-dev; guest/guest, vhost /.
#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

static double now(void) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return tv.tv_sec + tv.tv_usec / 1e6;
}

static void die(const char *what) {
    fprintf(stderr, "amqp-loop: %s\n", what);
    exit(1);
}

static amqp_connection_state_t open_connection(const char *host, int port) {
    amqp_connection_state_t state = amqp_new_connection();
    amqp_socket_t *socket = amqp_tcp_socket_new(state);
    if (amqp_socket_open(socket, host, port) != AMQP_STATUS_OK) die("cannot reach the broker");
    if (amqp_login(state, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest").reply_type != AMQP_RESPONSE_NORMAL)
        die("cannot log in");
    amqp_channel_open(state, 1);
    if (amqp_get_rpc_reply(state).reply_type != AMQP_RESPONSE_NORMAL) die("cannot open a channel");
    return state;
}

static void confirm_select(amqp_connection_state_t state) {
    amqp_confirm_select(state, 1);
    if (amqp_get_rpc_reply(state).reply_type != AMQP_RESPONSE_NORMAL) die("no confirms");
}

// Waits until the broker has acknowledged delivery tag `tag`.
static void wait_confirm(amqp_connection_state_t state, uint64_t tag) {
    for (;;) {
        amqp_frame_t frame;
        if (amqp_simple_wait_frame(state, &frame) != AMQP_STATUS_OK) die("lost the connection");
        if (frame.frame_type != AMQP_FRAME_METHOD) continue;
        if (frame.payload.method.id == AMQP_BASIC_ACK_METHOD) {
            amqp_basic_ack_t *ack = frame.payload.method.decoded;
            if (ack->delivery_tag >= tag) return;
        } else if (frame.payload.method.id == AMQP_BASIC_NACK_METHOD) {
            die("the broker refused a publish");
        }
    }
}

// Takes in the confirms that have arrived, without waiting; returns the highest publish confirmed so far. RabbitMQ
// confirms one channel's publishes in order, so the highest tag covers those before it.
static uint64_t collect_confirms(amqp_connection_state_t state, uint64_t confirmed) {
    for (;;) {
        struct timeval none = {0, 0};
        amqp_frame_t frame;
        int status = amqp_simple_wait_frame_noblock(state, &frame, &none);
        if (status == AMQP_STATUS_TIMEOUT) return confirmed;
        if (status != AMQP_STATUS_OK) die("lost the connection");
        if (frame.frame_type != AMQP_FRAME_METHOD) continue;
        if (frame.payload.method.id == AMQP_BASIC_ACK_METHOD) {
            amqp_basic_ack_t *ack = frame.payload.method.decoded;
            if (ack->delivery_tag > confirmed) confirmed = ack->delivery_tag;
        } else if (frame.payload.method.id == AMQP_BASIC_NACK_METHOD) {
            die("the broker refused a publish");
        }
    }
}

static void publish(amqp_connection_state_t state, const char *exchange, const char *key, amqp_bytes_t body) {
    amqp_basic_properties_t props;
    props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG;
    props.content_type = amqp_cstring_bytes("application/json");
    props.delivery_mode = 1;
    if (amqp_basic_publish(state, 1, amqp_cstring_bytes(exchange), amqp_cstring_bytes(key), 1, 0, &props, body) != AMQP_STATUS_OK)
        die("cannot publish");
}

static void consume(amqp_connection_state_t state, const char *queue, int prefetch) {
    amqp_basic_qos(state, 1, 0, prefetch, 0);
    amqp_basic_consume(state, 1, amqp_cstring_bytes(queue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    if (amqp_get_rpc_reply(state).reply_type != AMQP_RESPONSE_NORMAL) die("cannot consume");
}

// sailor's encryption for protocol 1: AES-256-CBC, key sha256(password), the IV's bytes, base64.
static int seal(const char *json, const char *password, const char *iv, char *out) {
    unsigned char key[32], cipher[4096];
    SHA256((const unsigned char *)password, strlen(password), key);
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int length = 0, final = 0;
    EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, key, (const unsigned char *)iv);
    EVP_EncryptUpdate(ctx, cipher, &length, (const unsigned char *)json, (int)strlen(json));
    EVP_EncryptFinal_ex(ctx, cipher + length, &final);
    EVP_CIPHER_CTX_free(ctx);
    return EVP_EncodeBlock((unsigned char *)out, cipher, length + final);
}

int main(int argc, char **argv) {
    if (argc < 2) die("usage: setup|fill|relay|drain …");
    if (strcmp(argv[1], "setup") == 0 && argc == 8) {
        // setup HOST PORT IN OUT EXCHANGE KEY: the step's queue, the exchange, the next step's queue bound to KEY.
        amqp_connection_state_t state = open_connection(argv[2], atoi(argv[3]));
        amqp_exchange_declare(state, 1, amqp_cstring_bytes(argv[6]), amqp_cstring_bytes("direct"), 0, 1, 0, 0, amqp_empty_table);
        for (int index = 4; index <= 5; index++) {
            amqp_queue_declare(state, 1, amqp_cstring_bytes(argv[index]), 0, 1, 0, 0, amqp_empty_table);
            amqp_queue_purge(state, 1, amqp_cstring_bytes(argv[index]));
        }
        amqp_queue_bind(state, 1, amqp_cstring_bytes(argv[5]), amqp_cstring_bytes(argv[6]), amqp_cstring_bytes(argv[7]), amqp_empty_table);
        if (amqp_get_rpc_reply(state).reply_type != AMQP_RESPONSE_NORMAL) die("cannot set up the queues");
        return 0;
    }
    if (strcmp(argv[1], "fill") == 0 && argc == 8) {
        amqp_connection_state_t state = open_connection(argv[2], atoi(argv[3]));
        confirm_select(state);
        long count = atol(argv[5]);
        char json[256], sealed[8192];
        for (long index = 1; index <= count; index++) {
            snprintf(json, sizeof json, "{\"body\":{\"i\":%ld,\"text\":\"a message of a realistic small size\"},\"headers\":{}}", index);
            int length = seal(json, argv[6], argv[7], sealed);
            publish(state, "", argv[4], (amqp_bytes_t){(size_t)length, sealed});
            if (index % 1000 == 0 || index == count) wait_confirm(state, (uint64_t)index);
        }
        return 0;
    }
    if (strcmp(argv[1], "relay") == 0 && (argc == 8 || argc == 9)) {
        amqp_connection_state_t reader = open_connection(argv[2], atoi(argv[3]));
        amqp_connection_state_t writer = open_connection(argv[2], atoi(argv[3]));
        confirm_select(writer);
        int prefetch = argc == 9 ? atoi(argv[8]) : 1;
        consume(reader, argv[4], prefetch);
        long count = atol(argv[7]);
        if (prefetch <= 1) {
            for (long index = 1; index <= count; index++) {
                amqp_envelope_t envelope;
                amqp_maybe_release_buffers(reader);
                if (amqp_consume_message(reader, &envelope, NULL, 0).reply_type != AMQP_RESPONSE_NORMAL) die("lost the consumer");
                publish(writer, argv[5], argv[6], envelope.message.body);
                wait_confirm(writer, (uint64_t)index);
                amqp_basic_ack(reader, 1, envelope.delivery_tag, 0);
                amqp_destroy_envelope(&envelope);
            }
            return 0;
        }
        // Relayed and not yet acknowledged: each delivery's tag, and the number of its publish (the same index).
        uint64_t *tags = calloc((size_t)count + 1, sizeof *tags);
        long acked = 0, relayed = 0;
        uint64_t confirmed = 0;
        while (acked < count) {
            if (relayed < count) {
                amqp_envelope_t envelope;
                struct timeval none = {0, 0};
                amqp_maybe_release_buffers(reader);
                // With acknowledgements owed, only a delivery already here comes before them.
                amqp_rpc_reply_t reply = amqp_consume_message(reader, &envelope, relayed > acked ? &none : NULL, 0);
                if (reply.reply_type == AMQP_RESPONSE_NORMAL) {
                    publish(writer, argv[5], argv[6], envelope.message.body);
                    relayed++;
                    tags[relayed] = envelope.delivery_tag;
                    amqp_destroy_envelope(&envelope);
                    confirmed = collect_confirms(writer, confirmed);
                } else if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && reply.library_error == AMQP_STATUS_TIMEOUT) {
                    wait_confirm(writer, (uint64_t)relayed);
                    confirmed = (uint64_t)relayed;
                } else {
                    die("lost the consumer");
                }
            } else {
                wait_confirm(writer, (uint64_t)relayed);
                confirmed = (uint64_t)relayed;
            }
            if ((long)confirmed > acked) {
                amqp_basic_ack(reader, 1, tags[confirmed], 1);
                acked = (long)confirmed;
            }
        }
        free(tags);
        return 0;
    }
    if (strcmp(argv[1], "drain") == 0 && argc == 6) {
        amqp_connection_state_t reader = open_connection(argv[2], atoi(argv[3]));
        consume(reader, argv[4], 500);
        long count = atol(argv[5]);
        double first = 0;
        for (long index = 1; index <= count; index++) {
            amqp_envelope_t envelope;
            amqp_maybe_release_buffers(reader);
            if (amqp_consume_message(reader, &envelope, NULL, 0).reply_type != AMQP_RESPONSE_NORMAL) die("lost the consumer");
            if (index == 1) first = now();
            amqp_basic_ack(reader, 1, envelope.delivery_tag, 0);
            amqp_destroy_envelope(&envelope);
        }
        printf("%.6f\n", now() - first);
        return 0;
    }
    die("usage: fill HOST PORT QUEUE N PASSWORD IV | relay HOST PORT IN EXCHANGE KEY N | drain HOST PORT QUEUE N");
    return 1;
}
