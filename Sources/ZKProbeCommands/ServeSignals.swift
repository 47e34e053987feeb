import ToolkitSupport
import ZKProbeExporter

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The write end of the pipe the signal handler writes to; set once, before the handlers are installed.
nonisolated(unsafe) private var signalPipeWrite: Int32 = -1

/// SIGTERM and SIGINT stop the exporter, SIGHUP reloads its configuration.
///
/// The handler only writes the signal's number to a pipe (`write` is async-signal-safe); a thread reads the pipe
/// and calls ``Exporter/stop()`` or ``Exporter/reload()``, which take locks a handler must not.
enum ServeSignals {
    static func forward(to exporter: Exporter) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        signalPipeWrite = ends[1]
        let readEnd = ends[0]
        // A parent may start us with these blocked (a thread of a runtime that blocks signals, a supervisor):
        // unblock them on this thread, which every thread started later copies.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signo in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&unblocked, signo) }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        for signo in [SIGTERM, SIGINT, SIGHUP] {
            _ = signal(signo) { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipeWrite, &byte, 1)
            }
        }
        DetachedThread.start {
            var byte: UInt8 = 0
            while true {
                let n = read(readEnd, &byte, 1)
                if n < 0, errno == EINTR { continue }
                guard n == 1 else { return }
                if Int32(byte) == SIGHUP { exporter.reload() } else { exporter.stop() }
            }
        }
    }
}
