import Foundation
import JSEngine

/// The native half of `net` and `tls`: opens `SocketConnection`s after checking the network permission and
/// forwards the JS side's commands to them. Events come back through the runtime's inbox (`internals.ioEvent`).
enum SocketBindings {
    static func install(on host: JSValue, runtime: NodeRuntime) {
        // Unowned: the closures below live in the engine's heap, and must hold neither the runtime nor its engine.
        unowned let runtime = runtime, engine = runtime.engine
        let permissions = runtime.options.permissions
        func define(_ name: String, _ body: @escaping HostFunction.Body) { host[name] = engine.function(name, body) }
        func arg(_ args: [JSValue], _ index: Int) -> JSValue { index < args.count ? args[index] : engine.undefined }
        func optionalText(_ value: JSValue) -> String? { value.isUndefined || value.isNull ? nil : value.toString() }

        // socketOpen(id, host, port, family, localAddress, hostIsAddress)
        define("socketOpen") { [unowned runtime] engine, _, args in
            let hostName = arg(args, 1).toString()
            let port = arg(args, 2).toInt()
            if let denial = permissions.networkDenial(host: hostName, port: port) {
                throw JSHostError(denial, code: "ERR_ACCESS_DENIED")
            }
            let target = SocketConnection.Target(host: hostName, port: port, family: arg(args, 3).toInt(),
                                                 localAddress: optionalText(arg(args, 4)), hostIsAddress: arg(args, 5).isTruthy)
            guard let connection = SocketConnection.open(id: arg(args, 0).toInt(), target: target, inbox: runtime.inbox) else {
                throw JSHostError("could not open a socket: \(String(cString: strerror(errno)))", code: "EMFILE")
            }
            runtime.sockets[connection.id] = connection
            return engine.undefined
        }
        func command(_ name: String, _ make: @escaping ([JSValue]) -> SocketConnection.Command) {
            define(name) { [unowned runtime] engine, _, args in
                runtime.sockets[arg(args, 0).toInt()]?.send(make(args))
                return engine.undefined
            }
        }
        command("socketWrite") { args in .write(arg(args, 1).bytes() ?? [], request: arg(args, 2).toInt()) }
        command("socketShutdown") { args in .shutdown(request: arg(args, 1).toInt()) }
        command("socketPause") { _ in .pause }
        command("socketResume") { _ in .resume }
        command("socketNoDelay") { args in .noDelay(arg(args, 1).isTruthy) }
        command("socketKeepAlive") { args in .keepAlive(arg(args, 1).isTruthy, seconds: arg(args, 2).toInt()) }
        // socketStartTLS(id, ca, cert, key, passphrase, servername, alpnWireBytes, sessionBytes, minVersion, maxVersion)
        command("socketStartTLS") { args in
            .startTLS(TLSOptions(ca: optionalText(arg(args, 1)), cert: optionalText(arg(args, 2)), key: optionalText(arg(args, 3)),
                                 passphrase: optionalText(arg(args, 4)), servername: optionalText(arg(args, 5)),
                                 alpn: arg(args, 6).bytes() ?? [], session: arg(args, 7).bytes() ?? [],
                                 minVersion: arg(args, 8).toInt(), maxVersion: arg(args, 9).toInt()))
        }
        command("socketDisableRenegotiation") { _ in .disableRenegotiation }
        define("socketDestroy") { [unowned runtime] engine, _, args in
            runtime.sockets.removeValue(forKey: arg(args, 0).toInt())?.send(.destroy)
            return engine.undefined
        }
        // dnsLookup(id, host, family)
        define("dnsLookup") { [unowned runtime] engine, _, args in
            let hostName = arg(args, 1).toString()
            if let denial = permissions.lookupDenial(host: hostName) { throw JSHostError(denial, code: "ERR_ACCESS_DENIED") }
            HostLookup.start(id: arg(args, 0).toInt(), host: hostName, family: arg(args, 2).toInt(), inbox: runtime.inbox)
            return engine.undefined
        }
        // dnsQuery(id, queryBytes, ["host port"…], timeoutMs, tries, hostname): a DNS exchange, answered by a `dns`
        // event; the name asked about needs the same grant as a lookup of it.
        define("dnsQuery") { [unowned runtime] engine, _, args in
            let hostName = arg(args, 5).toString()
            if let denial = permissions.lookupDenial(host: hostName) { throw JSHostError(denial, code: "ERR_ACCESS_DENIED") }
            let servers = (arg(args, 2).toString()).split(separator: "\n").compactMap { line -> DNSExchange.Server? in
                guard let space = line.lastIndex(of: " "), let port = Int(line[line.index(after: space)...]) else { return nil }
                return DNSExchange.Server(host: String(line[..<space]), port: port)
            }
            DNSExchange.start(id: arg(args, 0).toInt(), query: arg(args, 1).bytes() ?? [], servers: servers,
                              timeoutMilliseconds: arg(args, 3).toInt(), tries: arg(args, 4).toInt(), inbox: runtime.inbox)
            return engine.undefined
        }
        // systemRootCertificates() → the system's CA bundle (PEM), as OpenSSL's default paths find it
        define("systemRootCertificates") { engine, _, _ in
            for path in ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"] {
                if let text = try? String(contentsOfFile: path, encoding: .utf8) { return engine.string(text) }
            }
            return engine.string("")
        }
        // dnsSystemServers() → the nameservers of /etc/resolv.conf, one a line
        define("dnsSystemServers") { engine, _, _ in
            let text = (try? String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8)) ?? ""
            let servers = text.split(separator: "\n").compactMap { line -> String? in
                let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                return fields.count >= 2 && fields[0] == "nameserver" ? String(fields[1]) : nil
            }
            return engine.string(servers.joined(separator: "\n"))
        }
        // dnsLookupService(address, port) → [hostname, service] (getnameinfo)
        define("dnsLookupService") { engine, _, args in
            guard case .success(let addresses) = Resolver.resolve(host: arg(args, 0).toString(), port: arg(args, 1).toInt(), family: 0),
                  let address = addresses.first else { throw JSHostError("getnameinfo ENOTFOUND \(arg(args, 0).toString())", code: "ENOTFOUND") }
            var host = [CChar](repeating: 0, count: 1025), service = [CChar](repeating: 0, count: 32)
            let status = address.withSockaddr { getnameinfo($0, $1, &host, socklen_t(host.count), &service, socklen_t(service.count), 0) }
            guard status == 0 else { throw JSHostError("getnameinfo ENOTFOUND \(arg(args, 0).toString())", code: "ENOTFOUND") }
            return engine.array(making: [{ engine.string(CText.string(host)) }, { engine.string(CText.string(service)) }])
        }
        define("socketRef") { [unowned runtime] engine, _, args in
            runtime.sockets[arg(args, 0).toInt()]?.setReferenced(arg(args, 1).isTruthy)
            return engine.undefined
        }
    }
}
