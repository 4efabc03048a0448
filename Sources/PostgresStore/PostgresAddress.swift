import Foundation
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL store lives, from a `postgres://user:password@host:port/database` URL (libpq's form).
/// `?sslmode=disable|prefer|require` as libpq has it (prefer when not given); `?host=/path` names a folder with
/// the server's Unix socket instead of a host.
public struct PostgresAddress: Sendable, Equatable {
    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var socketFolder: String?
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(url text: String) throws {
        guard let url = URLComponents(string: text), url.scheme == "postgres" || url.scheme == "postgresql" else {
            throw PostgresAddressError(text: text, problem: "it is not a postgres:// URL")
        }
        let query = Dictionary((url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        host = url.host.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding } ?? "127.0.0.1"
        port = url.port ?? 5432
        socketFolder = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        guard let user = url.user?.removingPercentEncoding, !user.isEmpty else {
            throw PostgresAddressError(text: text, problem: "it names no user (postgres://USER@host/database)")
        }
        self.user = user
        password = url.password?.removingPercentEncoding
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        database = path.isEmpty ? user : (path.removingPercentEncoding ?? path)
        guard let mode = TLSMode(rawValue: query["sslmode"] ?? "prefer") else {
            throw PostgresAddressError(text: text, problem: "sslmode must be disable, prefer or require")
        }
        tls = mode
    }

    /// The address as messages show it: never the password.
    public var displayed: String {
        if let socketFolder { return "postgres://\(user)@/\(database)?host=\(socketFolder)" }
        return "postgres://\(user)@\(host):\(port)/\(database)"
    }

    /// For one connection of its own (the check that the server is there, made before the pool's first).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        if let socketFolder {
            return PostgresConnection.Configuration(unixSocketPath: socketFolder + "/.s.PGSQL.\(port)", username: user,
                                                    password: password, database: database)
        }
        let tlsSetting: PostgresConnection.Configuration.TLS
        switch tls {
        case .disable: tlsSetting = .disable
        case .prefer: tlsSetting = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: tlsSetting = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        return PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database,
                                                tls: tlsSetting)
    }

    var clientConfiguration: PostgresClient.Configuration {
        let tlsSetting: PostgresClient.Configuration.TLS
        switch tls {
        case .disable: tlsSetting = .disable
        case .prefer: tlsSetting = .prefer(.makeClientConfiguration())
        case .require: tlsSetting = .require(.makeClientConfiguration())
        }
        if let socketFolder {
            return PostgresClient.Configuration(unixSocketPath: socketFolder + "/.s.PGSQL.\(port)", username: user,
                                                password: password, database: database)
        }
        return PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database,
                                            tls: tlsSetting)
    }
}

public struct PostgresAddressError: Error, Sendable, CustomStringConvertible {
    var text: String
    var problem: String
    public var description: String {
        "cannot use \(text.replacingOccurrences(of: #":[^:@/]*@"#, with: ":***@", options: .regularExpression)) as a PostgreSQL store: \(problem)"
    }
}
