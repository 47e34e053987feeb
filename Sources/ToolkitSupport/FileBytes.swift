import Glibc
import SystemSupport

/// The bytes of a small file read whole, as they are (no UTF-8 check: a JSON parser reports bad bytes with their
/// position), up to a limit: quorumsim's scenario files (`ScenarioFile.load`), in place of FoundationEssentials'
/// `FileManager.contents(atPath:)`.
///
/// The file is opened without blocking (a FIFO with no writer reads as empty instead of hanging), then read in
/// chunks; a regular file larger than the limit is refused from its size before any byte is read, anything else
/// as soon as more than the limit has arrived.
package enum FileBytes {
    /// Why a file could not be read.
    package enum Problem: Error, Sendable, Equatable {
        /// Nothing at the path (`ENOENT`, or a path component that is not a folder: `ENOTDIR`).
        case missing
        case folder
        /// More than the limit: the file's size, or, when it has none (a pipe), the bytes read until then.
        case tooLarge(bytes: Int)
        /// Opening or reading failed otherwise (`EACCES`, `EIO`, ...).
        case cannotRead(Errno)
    }

    /// Bytes per `read`.
    static let chunkBytes = 64 << 10

    /// The bytes of the file at `path`, at most `limit` of them.
    ///
    /// The corresponding C functions are `open`, `fstat` and `read`.
    /// - Throws: ``Problem``.
    package static func read(_ path: String, limit: Int) throws(Problem) -> [UInt8] {
        let fd: Int32
        do { fd = try Errno.retryingInterrupts { open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) } } catch {
            throw error.code == ENOENT || error.code == ENOTDIR ? .missing : .cannotRead(error)
        }
        defer { Syscalls.close(fd) }
        // Blocking again after the open: a FIFO with a writer is read to its end, one without reads as empty.
        Syscalls.setBlocking(fd)
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .cannotRead(Errno.current) }
        if status.st_mode & S_IFMT == S_IFDIR { throw .folder }
        if status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) > limit { throw .tooLarge(bytes: Int(status.st_size)) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: chunkBytes)
        while true {
            let count: Int
            do { count = try readChunk(fd, into: &chunk) } catch { throw .cannotRead(error) }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
            if bytes.count > limit { throw .tooLarge(bytes: bytes.count) }
        }
    }

    /// Reads the next bytes of the blocking descriptor `fd` into the start of `chunk`: their count, 0 at the end.
    /// `TextFile` reads its chunks through here too.
    ///
    /// The corresponding C function is `read`.
    /// - Throws: the `Errno` of `read` (`EAGAIN` for a descriptor that turned out non-blocking).
    package static func readChunk(_ fd: Int32, into chunk: inout [UInt8]) throws(Errno) -> Int {
        let read = chunk.withUnsafeMutableBytes { buffer in
            Result { () throws(Errno) in try Syscalls.receive(fd, into: buffer) }
        }
        switch read {
        case .success(let count?): return count
        case .success(nil): throw Errno(EAGAIN)
        case .failure(let error): throw error
        }
    }
}
