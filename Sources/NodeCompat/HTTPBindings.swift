import Foundation
import JSEngine

/// The native half of the `http` and `https` clients: starts HTTPTransfers after checking the network permission.
enum HTTPBindings {
    static func install(on host: JSValue, runtime: NodeRuntime) {
        let engine = runtime.engine
        let permissions = runtime.options.permissions
        let inbox = runtime.inbox
        // httpStart(id, method, url, [[name, value]…], body, timeoutMs, verifyTLS)
        host["httpStart"] = engine.function("httpStart") { engine, _, args in
            func arg(_ index: Int) -> JSValue { index < args.count ? args[index] : engine.undefined }
            let url = arg(2).toString()
            if let denial = permissions.networkDenial(url: url) {
                throw JSHostError(denial, code: "ERR_ACCESS_DENIED")
            }
            var headers: [(String, String)] = []
            let list = arg(3)
            let count = list["length"].toInt()
            for index in 0..<count {
                let pair = list[String(index)]
                headers.append((pair["0"].toString(), pair["1"].toString()))
            }
            let request = HTTPTransfer.Request(method: arg(1).toString(), url: url, headers: headers, body: arg(4).bytes() ?? [],
                                               timeoutMilliseconds: arg(5).toInt(), verifyTLS: arg(6).isTruthy)
            HTTPTransfer.start(id: arg(0).toInt(), request: request, inbox: inbox)
            return engine.undefined
        }
    }
}
