import Synchronization
import SystemSupport
import ZKProbe

/// Why a configuration could not be loaded: one line, `FILE:LINE: problem` where a line is to blame.
public struct ExporterConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The line to show.
    public var description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}

/// A Prometheus exporter of ensemble checks: `/probe?target=NAME` checks one configured ensemble (the
/// multi-target pattern of blackbox_exporter), `/metrics` tells the exporter's own health (and, with
/// ``ExporterSettings/metricsIncludeEnsembles``, checks every ensemble at once).
///
/// One thread runs ``run()``: a `poll` loop over the listening socket and every client connection (reading,
/// limits, timeouts, writing). Checks run on a ``CheckScheduler``'s reactors, one per target at a time.
/// ``stop()`` and ``reload()`` may be called from any thread; they only set a flag and wake the loop.
///
/// ```swift
/// let exporter = try Exporter(settings: settings, configuration: config, version: "0.1.0", log: log) { load() }
/// Thread.detachNewThread { exporter.run() }
/// ```
public final class Exporter: Sendable {
    /// The limits in force.
    public let settings: ExporterSettings
    /// The address listened on, `host:port`, with the real port when the settings asked for port 0.
    public let address: String
    let version: String
    let log: ExporterLog
    let loader: @Sendable () -> Result<ExporterConfiguration, ExporterConfigurationError>
    let listener: Int32
    let wakeRead: Int32
    let wakeWrite: Int32
    let requests = Mutex(ControlRequests())
    let initialConfiguration: ExporterConfiguration

    struct ControlRequests {
        var stop = false
        var reload = false
        /// Checks finished by the reactors, waiting for the loop: (check id, report).
        var finished: [(Int, CheckReport)] = []
    }

    /// Binds the listening socket (``ExporterSettings/listen``); ``run()`` serves it.
    ///
    /// - Parameters:
    ///   - configuration: the ensembles at start.
    ///   - version: the `version` label of `zkprobe_exporter_build_info`.
    ///   - reload: loads the configuration again (SIGHUP); a failure keeps the one in force.
    /// - Throws: ``ExporterStartError`` when the address cannot be listened on.
    public init(
        settings: ExporterSettings, configuration: ExporterConfiguration, version: String, log: ExporterLog,
        reload: @escaping @Sendable () -> Result<ExporterConfiguration, ExporterConfigurationError>
    ) throws(ExporterStartError) {
        let socket = try ListeningSocket(settings.listen)
        let wake: (Int32, Int32)
        do {
            wake = try Syscalls.pipe()
        } catch {
            Syscalls.close(socket.descriptor)
            throw ExporterStartError(call: "pipe", .system(error))
        }
        self.settings = settings
        self.address = socket.address
        self.version = version
        self.log = log
        self.loader = reload
        self.listener = socket.descriptor
        (wakeRead, wakeWrite) = wake
        initialConfiguration = configuration
    }

    /// Serves until ``stop()``: then stops accepting, lets in-flight scrapes finish for at most
    /// ``ExporterSettings/shutdownGrace``, closes every connection and returns.
    public func run() {
        let loop = ExporterLoop(exporter: self, configuration: initialConfiguration)
        log.log(
            "info", "listening",
            [
                ("address", address), ("ensembles", String(initialConfiguration.targets.count)),
                ("config", initialConfiguration.source),
            ])
        loop.serve()
        Syscalls.close(wakeRead)
        Syscalls.close(wakeWrite)
        log.log("info", "stopped")
    }

    /// Asks the loop to stop (SIGTERM, SIGINT).
    public func stop() {
        requests.withLock { $0.stop = true }
        Syscalls.wake(wakeWrite)
    }

    /// Asks the loop to load the configuration again (SIGHUP).
    public func reload() {
        requests.withLock { $0.reload = true }
        Syscalls.wake(wakeWrite)
    }

    /// Called on a reactor's thread when a check ends.
    func finished(_ id: Int, _ result: CheckReport) {
        requests.withLock { $0.finished.append((id, result)) }
        Syscalls.wake(wakeWrite)
    }
}
