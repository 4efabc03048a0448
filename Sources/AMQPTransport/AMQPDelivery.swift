import SailorWire

/// A message the broker delivered: its tag (to ack or reject it by), where it came from, its properties and body.
public struct AMQPDelivery: Sendable {
    public var deliveryTag: UInt64
    public var exchange: String
    public var routingKey: String
    public var redelivered: Bool
    public var headers: [(name: String, value: HeaderValue)]
    public var contentType: String?
    public var replyTo: String?
    public var expiration: String?
    public var body: [UInt8]

    /// A header's value, the last of that name.
    public func header(_ name: String) -> HeaderValue? { headers.last { $0.name == name }?.value }
}
