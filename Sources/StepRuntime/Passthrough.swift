import Foundation
import JSHostCore

/// What the next step receives: the emitted message as it is, with sailor's passthrough when the emitting step has
/// it on: `out.passthrough = {...in.passthrough, [step]: out without its passthrough}`. Done on the JSON text, member
/// by member, so every key keeps the order the component wrote it in.
enum Passthrough {
    /// `emitted` with its passthrough set from `incoming`'s, or nil when `emitted` is not a JSON object.
    static func next(emitted: String, incoming: String?, step: String, enabled: Bool) -> String? {
        guard let members = try? JSONSyntax.membersAsWritten(emitted) else { return nil }
        guard enabled else { return emitted }
        let own = members.filter { $0.name != "passthrough" }
        var carried: [(name: String, json: String)] = []
        if let incoming, let inMembers = try? JSONSyntax.membersAsWritten(incoming),
           let previous = inMembers.last(where: { $0.name == "passthrough" }), let earlier = try? JSONSyntax.membersAsWritten(previous.json) {
            carried = earlier.filter { $0.name != step }
        }
        let passthrough = JSONObjectText.make(carried + [(name: step, json: JSONObjectText.make(own))])
        return JSONObjectText.make(own + [(name: "passthrough", json: passthrough)])
    }
}
