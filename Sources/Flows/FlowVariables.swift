import JSHostCore

/// A flow's variables with more given for one run: the given ones added, replacing those of the same name, in
/// the order they were written.
public enum FlowVariables {
    public static func merged(_ flowVariablesJSON: String, with givenJSON: String?) -> String {
        guard let givenJSON, let given = try? JSONSyntax.membersAsWritten(givenJSON) else { return flowVariablesJSON }
        let own = (try? JSONSyntax.membersAsWritten(flowVariablesJSON)) ?? []
        let names = Set(given.map(\.name))
        return JSONObjectText.make(own.filter { !names.contains($0.name) } + given)
    }
}
