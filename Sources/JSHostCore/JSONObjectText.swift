/// A JSON object's text from its members' names and JSON, in the order given.
public enum JSONObjectText {
    public static func make(_ members: [(name: String, json: String)]) -> String {
        "{" + members.map { JSONString.quote($0.name) + ":" + $0.json }.joined(separator: ",") + "}"
    }
}
