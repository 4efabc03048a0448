import Foundation
import JSHostCore

/// The step as the platform's API describes it (`GET /v1/tasks/{flow}/steps/{step}`): the configuration `cfg`
/// is made from, the snapshot the container starts with, whether it passes messages through, the flow's variables.
/// Each kept as the JSON text the API sent, members in their order.
struct StepData: Sendable {
    var configJSON = "{}"
    var snapshotJSON = "{}"
    var isPassthrough = false
    var variablesJSON = "{}"
    /// `cfg._account`: the credential `updateKeys` writes to.
    var account: String?

    init() {}

    init(json: String) throws(PlatformError) {
        let read: [(name: String, json: String)]?
        do { read = try JSONSyntax.membersAsWritten(json) } catch {
            throw PlatformError("the step's description from the API is not JSON: \(error)")
        }
        guard let members = read else { throw PlatformError("the step's description from the API is not a JSON object") }
        func member(_ name: String) -> String? {
            guard let json = members.last(where: { $0.name == name })?.json, json != "null" else { return nil }
            return json
        }
        if let config = member("config"), config.hasPrefix("{") { configJSON = config }
        if let snapshot = member("snapshot") { snapshotJSON = snapshot }
        isPassthrough = member("is_passthrough") == "true"
        if let variables = member("variables"), variables.hasPrefix("{") { variablesJSON = variables }
        if let inConfig = try? JSONSyntax.membersAsWritten(configJSON),
           let account = inConfig.last(where: { $0.name == "_account" })?.json, account.hasPrefix("\"") {
            self.account = JSONString.unquote(account)
        }
    }
}
