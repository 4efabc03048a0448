extension Duration {
    /// Seconds as a floating-point number (the stores keep times as seconds since 1970; timers take seconds).
    public var inSecondsValue: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
