import Foundation

/// `dns.lookup` on a thread of its own (getaddrinfo blocks), reporting to the runtime's inbox: a `lookup` event
/// whose text is "address family" lines, or an `error` event in `SocketError`'s terms.
enum HostLookup {
    static func start(id: Int, host: String, family: Int, inbox: IOInbox) {
        inbox.begin()
        let thread = Thread {
            switch Resolver.resolve(host: host, port: 0, family: family) {
            case .success(let addresses):
                let text = addresses.map { "\($0.address) \($0.family)" }.joined(separator: "\n")
                inbox.post(.init(id: id, kind: "lookup", text: text, bytes: nil, number: 0), finished: true)
            case .failure(let error):
                inbox.post(.init(id: id, kind: "error", text: error.eventText, bytes: nil, number: 0), finished: true)
            }
        }
        thread.stackSize = 256 * 1024
        thread.start()
    }
}
