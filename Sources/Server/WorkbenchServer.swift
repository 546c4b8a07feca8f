import Foundation
import Hummingbird

/// Starts the web app (`tuopin serve`) and serves until SIGINT or SIGTERM.
public enum WorkbenchServer {
    /// Serves `workbench` on `host`:`port` (port 0: a free port chosen by the system) and calls
    /// `onRunning` with the port once the server listens.
    /// - Throws: when the address cannot be bound.
    public static func run(_ workbench: Workbench, host: String, port: Int, onRunning: @escaping @Sendable (Int) -> Void) async throws {
        let router = Router()
        workbench.addRoutes(to: router)
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "tuopin"),
                              onServerRunning: { channel in onRunning(channel.localAddress?.port ?? port) })
        try await app.runService()
    }
}
