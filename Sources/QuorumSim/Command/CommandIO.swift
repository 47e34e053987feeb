#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a command writes, so that tests can capture it. The process's own streams
/// are the only system calls the command layer makes, and they are all here.
public struct CommandIO: Sendable {
    public var writeOutput: @Sendable (String) -> Void
    public var writeError: @Sendable (String) -> Void
    /// Whether standard error is a terminal (progress is shown only then).
    public var errorIsTerminal: Bool

    public init(
        writeOutput: @escaping @Sendable (String) -> Void, writeError: @escaping @Sendable (String) -> Void,
        errorIsTerminal: Bool = false
    ) {
        self.writeOutput = writeOutput
        self.writeError = writeError
        self.errorIsTerminal = errorIsTerminal
    }

    /// Standard output and standard error of the process.
    public static var standard: CommandIO {
        let term = getenv("TERM").map { String(cString: $0) }
        return CommandIO(
            writeOutput: { writeAll(1, $0) }, writeError: { writeAll(2, $0) },
            errorIsTerminal: isatty(2) == 1 && term != "dumb")
    }

    /// Writes every byte of `text` to `descriptor`, retrying on EINTR and short writes.
    static func writeAll(_ descriptor: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
