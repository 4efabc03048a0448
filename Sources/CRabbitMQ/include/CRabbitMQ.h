// Glue over rabbitmq-c (Debian's librabbitmq-dev), loaded the first time the broker is used (jshost_amqp_load):
// every call goes through here. Besides, what Swift cannot call directly: amqp_login is variadic, and a message's
// properties and header table are easiest built where their memory lives, on the C stack.
#ifndef JSHOST_CRABBITMQ_H
#define JSHOST_CRABBITMQ_H

#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <stddef.h>
#include <stdint.h>

/// Loads librabbitmq.so.4 (once); 1 when it is there, else 0 with what to install in error.
int jshost_amqp_load(char *error, size_t error_size);

amqp_connection_state_t jshost_amqp_new_connection(void);
void jshost_amqp_destroy_connection(amqp_connection_state_t state);
/// A TCP socket for the connection, opened to host:port, every waiting call bounded by timeout_seconds; rabbitmq-c's
/// status.
int jshost_amqp_open_socket(amqp_connection_state_t state, const char *host, int port, int timeout_seconds);
void jshost_amqp_channel_open(amqp_connection_state_t state, amqp_channel_t channel);
void jshost_amqp_confirm_select(amqp_connection_state_t state, amqp_channel_t channel);
amqp_rpc_reply_t jshost_amqp_get_rpc_reply(amqp_connection_state_t state);
void jshost_amqp_exchange_declare(amqp_connection_state_t state, amqp_channel_t channel, const char *name, const char *type,
                                  int durable);
void jshost_amqp_queue_bind(amqp_connection_state_t state, amqp_channel_t channel, const char *queue, const char *exchange,
                            const char *routing_key);
/// basic.qos with the prefetch, then basic.consume; how it went is jshost_amqp_get_rpc_reply's.
void jshost_amqp_consume(amqp_connection_state_t state, amqp_channel_t channel, const char *queue, uint16_t prefetch);
int jshost_amqp_ack(amqp_connection_state_t state, amqp_channel_t channel, uint64_t delivery_tag, int multiple);
int jshost_amqp_reject(amqp_connection_state_t state, amqp_channel_t channel, uint64_t delivery_tag, int requeue);
/// channel.close, then connection.close.
void jshost_amqp_close(amqp_connection_state_t state, amqp_channel_t channel);
void jshost_amqp_destroy_envelope(amqp_envelope_t *envelope);
/// rabbitmq-c's words for a status.
const char *jshost_amqp_error_string(int status);

/// Logs in with SASL PLAIN, naming the connection (as the broker's tools show it) unless connection_name is NULL;
/// the reply says how it went.
amqp_rpc_reply_t jshost_amqp_login(amqp_connection_state_t state, const char *vhost, const char *user, const char *password,
                                   int heartbeat_seconds, const char *connection_name);

/// A header for jshost_amqp_publish: text, a 64-bit integer or a boolean.
typedef struct {
    const char *name;
    int kind;  // 0 text, 1 integer, 2 boolean
    const char *text;
    int64_t number;
} jshost_amqp_header;

/// basic.publish with sailor's properties; expiration and reply_to may be NULL. Returns rabbitmq-c's status.
int jshost_amqp_publish(amqp_connection_state_t state, amqp_channel_t channel, const char *exchange, const char *routing_key,
                        const void *body, size_t body_length, int mandatory, int persistent, const char *content_type,
                        const char *content_encoding, const char *expiration, const char *reply_to,
                        const jshost_amqp_header *headers, int header_count);

/// Waits up to timeout_ms for the broker's answer to a confirmed publish: 1 ack, 2 nack, 3 returned (unroutable,
/// mandatory; its ack follows), 0 timed out, -1 an error. delivery_tag tells which publish an ack or nack is for.
int jshost_amqp_wait_confirm(amqp_connection_state_t state, int timeout_ms, uint64_t *delivery_tag, int *multiple);

/// The next delivery on the connection, waiting up to timeout_ms (negative: for ever); 1 got one, 0 timed out,
/// -1 an error. The envelope must be destroyed with amqp_destroy_envelope.
int jshost_amqp_next(amqp_connection_state_t state, int timeout_ms, amqp_envelope_t *envelope);

/// queue.declare with arguments (x-single-active-consumer, x-dead-letter-exchange…); how it went is
/// amqp_get_rpc_reply's.
void jshost_amqp_queue_declare(amqp_connection_state_t state, amqp_channel_t channel, const char *name, int durable,
                               const jshost_amqp_header *arguments, int argument_count);

/// Sends a due heartbeat and checks that the broker sent its own, without waiting (AMQP_STATUS_OK when all is well).
int jshost_amqp_tend(amqp_connection_state_t state);

#endif
