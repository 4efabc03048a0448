import CRabbitMQ

/// What went wrong talking to the broker, in one line, with rabbitmq-c's or the broker's own words.
public struct AMQPError: Error, CustomStringConvertible, Equatable {
    public var description: String

    init(_ what: String, status: Int32) {
        description = "\(what): \(String(cString: jshost_amqp_error_string(status)))"
    }

    init(_ what: String, reply: amqp_rpc_reply_t) {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            description = what
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            description = "\(what): \(String(cString: jshost_amqp_error_string(reply.library_error)))"
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            var detail = "the broker refused"
            if reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD, let close = reply.reply.decoded?.assumingMemoryBound(to: amqp_connection_close_t.self) {
                detail = "the broker closed the connection (\(close.pointee.reply_code) \(Self.text(close.pointee.reply_text)))"
            } else if reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD, let close = reply.reply.decoded?.assumingMemoryBound(to: amqp_channel_close_t.self) {
                detail = "the broker closed the channel (\(close.pointee.reply_code) \(Self.text(close.pointee.reply_text)))"
            }
            description = "\(what): \(detail)"
        default:
            description = "\(what): no answer"
        }
    }

    public init(_ description: String) {
        self.description = description
    }

    static func text(_ bytes: amqp_bytes_t) -> String {
        guard let pointer = bytes.bytes else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: bytes.len), as: UTF8.self)
    }
}
