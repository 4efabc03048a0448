import Foundation
import SnapshotStore
import JSHostCore

/// A step's cfg: its node's fields, with its account's keys merged in as the platform does, and `_account` naming
/// the account (sailor's `cfg._account`). A key of the account wins over a field of the same name: the account is
/// where secrets live, and a field must not shadow one by accident.
public enum StepConfiguration {
    public static func cfg(fieldsJSON: String, credentials: StoredCredentials?) -> String {
        guard let credentials, let keys = try? JSONSyntax.members(credentials.keysJSON),
              let fields = try? JSONSyntax.members(fieldsJSON) else { return fieldsJSON }
        let overridden = Set(keys.map(\.name) + ["_account"])
        return JSONObjectText.make(fields.filter { !overridden.contains($0.name) } + keys.filter { $0.name != "_account" }
                                  + [(name: "_account", json: JSONString.quote(credentials.id))])
    }
}
