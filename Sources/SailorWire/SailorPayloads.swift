import Foundation

/// The bodies sailor publishes besides data (`lib/amqp.js`): errors, rebounds and snapshots.
public enum SailorPayloads {
    /// sailor's `formatError`: an error object keeps its message, stack ("Not Available" without one) and name
    /// ("Error" without one), as JSON text.
    public static func errorJSON(name: String?, message: String, stack: String?) -> String {
        let object: [String: String] = ["name": name ?? "Error", "message": message, "stack": stack ?? "Not Available"]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The error message's body: `{"error": base64(encrypted error JSON), "errorInput": …}`; the wrapper is plain
    /// JSON. Below protocol version 2 `errorInput` is the incoming content as it came; from 2 it is re-encrypted, as
    /// base64.
    public static func errorMessage(errorJSON: String, incomingBody: [UInt8], incomingProtocolVersion: Int,
                                    cipher: MessageCipher) throws(CipherError) -> String {
        let error = String(decoding: try cipher.seal(errorJSON, protocolVersion: 1), as: UTF8.self)
        let input: String
        if incomingProtocolVersion >= 2 {
            let plain = try cipher.open(incomingBody, protocolVersion: incomingProtocolVersion)
            input = String(decoding: try cipher.seal(plain, protocolVersion: 1), as: UTF8.self)
        } else {
            input = String(decoding: incomingBody, as: UTF8.self)
        }
        let object = ["error": error, "errorInput": input]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// What a rebound does with the message: its next iteration and the expiration (ms) to publish it with, or
    /// nil when the limit is passed and it becomes the error `Rebound limit exceeded`.
    public static func rebound(previousIteration: Int?, settings: SailorSettings) -> (iteration: Int, expirationMs: Int)? {
        let iteration = (previousIteration ?? 0) + 1
        guard iteration <= settings.reboundLimit else { return nil }
        let factor = 1 << min(iteration - 1, 40)
        return (iteration, factor * settings.reboundInitialExpiration)
    }

    public static let reboundLimitExceeded = "Rebound limit exceeded"
}
