extension Duration {
    /// The duration as fractional seconds, for what takes a Double: JavaScriptCore's time limit, Thread.sleep, the
    /// stores' times (seconds since 1970).
    public var inSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
