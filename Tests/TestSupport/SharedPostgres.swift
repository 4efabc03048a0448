import Foundation

/// The PostgreSQL server of this test process, started once and stopped when the process exits; a start that
/// failed is reported by every test that asks for it.
public enum SharedPostgres {
    private static let started: Result<PostgresServer, any Error> = Result {
        let server = try PostgresServer()
        atexit { SharedPostgres.stop() }
        return server
    }
    public static func server() throws -> PostgresServer { try started.get() }
    private static func stop() { try? started.get().shutDown() }
}
