import Glibc
import SystemSupport
import ToolkitSupport
import ZKProbeExporter

/// SIGTERM and SIGINT stop the exporter, SIGHUP reloads its configuration.
///
/// A ``SignalRelay`` turns each signal into a byte on a pipe; a thread reads it and calls ``Exporter/stop()`` or
/// ``Exporter/reload()``, which take locks a signal handler must not.
enum ServeSignals {
    /// The signals `zkprobe serve` takes: SIGHUP reloads even under `nohup`, as it did before.
    static let signals: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    /// Takes the signals for `exporter`, unblocking them (a parent may start us with them blocked).
    /// - Throws: the `errno` of the relay's pipe.
    static func forward(to exporter: Exporter) throws(Errno) {
        let relay = try SignalRelay(signals, keepingIgnored: false)
        relay.install(unblocking: true)
        DetachedThread.start(name: "zkprobe-signals") {
            while true {
                if relay.wait() == SIGHUP { exporter.reload() } else { exporter.stop() }
            }
        }
    }
}
