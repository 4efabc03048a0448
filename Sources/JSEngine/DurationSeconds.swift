extension Duration {
    /// The duration as fractional seconds, for APIs that take a Double (JSC's time limit, Thread.sleep).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
