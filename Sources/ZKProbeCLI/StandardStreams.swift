import ZKProbe

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Writes a ``CommandOutcome`` to the process's standard output and standard error.
enum StandardStreams {
    /// Writes the bytes as they are, unbuffered. A closed pipe (`zkprobe send mntr zk1 | head -c 10`) is not an
    /// error worth reporting: `SIGPIPE` is ignored and the rest of the output is dropped.
    static func write(_ outcome: CommandOutcome) {
        signal(SIGPIPE, SIG_IGN)
        writeAll(outcome.standardOutput, to: STDOUT_FILENO)
        writeAll(Array(outcome.standardError.utf8), to: STDERR_FILENO)
    }

    /// The corresponding C function is `write`, retried on `EINTR` and after short writes.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
