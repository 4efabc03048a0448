import ArgumentParser

/// `--max-memory`, for the commands that run component code outside test cases: run, verify, model, validate.
struct ResourceOptions: ParsableArguments {
    static let defaultLimit = 1 << 30
    /// Below this a run cannot even start: the JavaScript engine and jshost take ~50 MiB before any component code.
    static let smallestLimit = 128 << 20

    @Option(help: ArgumentHelp("Most resident memory the process may use (e.g. 512M, 2G); over it the run stops with exit code 7.",
                               valueName: "size"))
    var maxMemory: String = "1G"

    func validate() throws {
        guard let bytes = ByteCount.parse(maxMemory) else {
            throw ValidationError("--max-memory \(maxMemory) is not a size such as 512M, 2G or 1073741824")
        }
        guard bytes >= Self.smallestLimit else {
            throw ValidationError("--max-memory \(maxMemory) is below 128M, less than jshost itself needs to start")
        }
    }

    var limitBytes: Int { ByteCount.parse(maxMemory) ?? Self.defaultLimit }

    /// Checks that the engine can start, then watches the process's memory until it exits.
    func startGuard(_ context: @escaping @Sendable () -> String) throws {
        if let problem = EngineTuning.addressSpaceProblem() {
            throw Failure(message: problem, code: ExitStatus.outOfMemory)
        }
        MemoryGuard.start(limitBytes: limitBytes, context: context)
    }
}
