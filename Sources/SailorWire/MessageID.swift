import JSHostCore

/// The ids sailor gives messages: random (version 4) UUIDs in lower case, as its `uuid.v4()` writes them.
public enum MessageID {
    public static func make() -> String { RandomUUID.make() }
}
