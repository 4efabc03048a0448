import ComponentRuntime
import Foundation
import Logging
import JSHostCore
import NIOHTTP1

/// `jshost sailor service <method>`: sailor's `runService.js` (`lib/service.js`). Runs verifyCredentials,
/// getMetaModel or a select-model function with `ELASTICIO_CFG` and posts `{status, data}` to
/// `ELASTICIO_POST_RESULT_URL` (basic auth when the URL carries a user); `updateKeys` goes to the API.
public enum SailorService {
    public static let methods = ["verifyCredentials", "getMetaModel", "selectModel"]

    public static func run(method: String, environment: [String: String], workingDirectory: String,
                           write: @escaping @Sendable (String) -> Void = StandardStreams.writeStderr) -> Int32 {
        let logger = ContainerHosting.logger(environment, write: write)
        func value(_ name: String) -> String? { environment["ELASTICIO_" + name].flatMap { $0.isEmpty ? nil : $0 } }
        guard let resultURL = value("POST_RESULT_URL") else {
            logger.critical("jshost sailor service: ELASTICIO_POST_RESULT_URL is not provided")
            return SailorContainer.Exit.failed
        }
        let api = PlatformAPI(base: value("API_URI") ?? "", user: value("API_USERNAME") ?? "", key: value("API_KEY") ?? "",
                              retries: Int(value("API_REQUEST_RETRY_ATTEMPTS") ?? "") ?? 3,
                              delay: .milliseconds(Int(value("API_REQUEST_RETRY_DELAY") ?? "") ?? 100))
        let reply: String
        switch call(method, value: value, environment: environment, workingDirectory: workingDirectory, api: api,
                    logger: logger, write: write) {
        case .success(let data): reply = "{\"status\":\"success\",\"data\":\(data)}"
        case .failure(let failure):
            logger.error("\(method) failed: \(failure.message)")
            reply = "{\"status\":\"error\",\"data\":{\"message\":\(JSONString.quote(failure.message))}}"
        }
        let (url, authorization) = withoutCredentials(resultURL)
        do {
            let response = try api.send(.POST, url, json: reply, authorization: authorization)
            guard response.status == 200 else {
                logger.critical("jshost sailor service: Failed to POST data to \(PlatformError.shown(resultURL)) (\(response.status), \(response.text.prefix(200)))")
                return SailorContainer.Exit.failed
            }
        } catch {
            logger.critical("jshost sailor service: \(error)")
            return SailorContainer.Exit.failed
        }
        return SailorContainer.Exit.stopped
    }

    struct Failure: Error { var message: String }

    private static func call(_ method: String, value: (String) -> String?, environment: [String: String],
                             workingDirectory: String, api: PlatformAPI, logger: Logger,
                             write: @escaping @Sendable (String) -> Void) -> Result<String, Failure> {
        guard methods.contains(method) else { return .failure(Failure(message: "Unknown service method \"\(method)\"")) }
        for name in ["CFG", "API_URI", "API_USERNAME", "API_KEY"] where value(name) == nil {
            return .failure(Failure(message: "ELASTICIO_\(name) is not provided"))
        }
        if method != "verifyCredentials", value("ACTION_OR_TRIGGER") == nil {
            return .failure(Failure(message: "ELASTICIO_ACTION_OR_TRIGGER is not provided"))
        }
        if method == "selectModel", value("GET_MODEL_METHOD") == nil {
            return .failure(Failure(message: "ELASTICIO_GET_MODEL_METHOD is not provided"))
        }
        let cfg = value("CFG") ?? "{}"
        guard cfg.trimmingCharacters(in: .whitespaces).hasPrefix("{"), let configuration = try? StepData(json: "{\"config\":\(cfg)}") else {
            return .failure(Failure(message: "Unable to parse CFG"))
        }
        let directory = ContainerHosting.componentDirectory(value("COMPONENT_PATH") ?? "", workingDirectory: workingDirectory)
        do {
            let descriptor = try ComponentDescriptor(directory: directory)
            let host = ContainerHosting.configuration(environment, workingDirectory: workingDirectory, write: write)
            var keyUpdates: [String] = []
            let component = try ComponentHost(component: descriptor, configuration: host, onEvent: { event in
                if event.name == "updateKeys", let json = event.json { keyUpdates.append(json) }
            })
            component.carriedEvents = ["updateKeys"]
            let result: String
            if method == "verifyCredentials" {
                result = try component.verifyCredentials(cfgJSON: configuration.configJSON)
            } else {
                let function = try descriptor.function(named: value("ACTION_OR_TRIGGER"))
                let name = method == "getMetaModel" ? "getMetaModel" : value("GET_MODEL_METHOD") ?? ""
                result = try component.model(function: function, method: name, cfgJSON: configuration.configJSON)
            }
            for keys in keyUpdates {
                // sailor waits for these and logs their failures; the result stands either way.
                guard let account = configuration.account else {
                    logger.error("updateKeys needs cfg._account, the credential to update; the configuration has none")
                    continue
                }
                do {
                    let response = try api.call(.PUT, "/v1/accounts/\(account)", json: "{\"keys\":\(keys)}")
                    if response.status >= 300 { logger.error("PUT /v1/accounts/\(account) answered \(response.status)") }
                } catch {
                    logger.error("\(error)")
                }
            }
            return .success(result)
        } catch {
            if let reply = error.replyJSON, let message = Self.message(inReply: reply) { return .failure(Failure(message: message)) }
            return .failure(Failure(message: error.message))
        }
    }

    private static func message(inReply json: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let data = object["data"] as? [String: Any] else { return nil }
        return data["message"].map { "\($0)" }
    }

    /// The URL without its `user:password@`, and the basic authorization they make (decoded as sailor decodes them).
    static func withoutCredentials(_ url: String) -> (String, String?) {
        guard let scheme = url.range(of: "://") else { return (url, nil) }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return (url, nil) }
        let credentials = authority[..<at]
        let parts = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let user = String(parts[0]).removingPercentEncoding ?? String(parts[0])
        let password = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
        let stripped = String(url[..<scheme.upperBound]) + String(authority[authority.index(after: at)...]) + String(rest[authorityEnd...])
        guard !user.isEmpty, !password.isEmpty else { return (stripped, nil) }
        return (stripped, PlatformAPI.basic(user: user, password: password))
    }
}
