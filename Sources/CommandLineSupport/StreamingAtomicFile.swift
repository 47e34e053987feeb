import Glibc
import SystemSupport

/// A file written line by line over a long run and put in place atomically at its end: `zkprobe watch`'s timeline.
///
/// ``AtomicFile`` for contents that are not all known at once: the temporary file is opened at the start (so a
/// folder that cannot take it is an error before the run, not after it), each ``append(_:)`` goes straight to the
/// kernel (nothing is buffered in the process), and ``commit(last:)`` flushes it to disk and renames it over the
/// destination. A reader of the destination sees the previous file or the whole new one, never a partial one.
///
/// The temporary file is unnamed (`O_TMPFILE`) until the commit where the file system allows, so no signal,
/// SIGKILL included, leaves it behind; elsewhere it is named as ``AtomicFile``'s (`.NAME.tmp.PID.XXXXXX`) and one
/// left by SIGKILL is removed by the next atomic write to the same destination. It is not registered with the
/// stop-signal cleanup: its writer takes SIGTERM and SIGINT itself, to commit. ``abandon()`` (and `deinit` without
/// a commit) removes it.
package final class StreamingAtomicFile {
    /// The path as given, for error messages.
    package let path: String
    private let destination: AtomicFile.Destination
    private var fd: Int32?
    /// The temporary file's name; `nil` while it is unnamed.
    private var temporary: String?

    /// Opens the temporary file next to `path` (or, if `path` is a symbolic link, next to the file it points to),
    /// first removing what writers killed before their rename left there.
    /// - Parameter unnamed: `false` forces the named fallback of file systems without `O_TMPFILE` (tests).
    /// - Throws: `FileWriteError` naming `path` when the folder cannot take the file.
    package init(path: String, unnamed: Bool = true) throws(FileWriteError) {
        self.path = path
        destination = try AtomicFile.resolve(path)
        AtomicFile.removeStaleTemporaries(of: destination)
        if unnamed, let opened = try AtomicFile.openUnnamed(in: destination, reportingAs: path) {
            fd = opened
        } else {
            let created = try AtomicFile.createNamed(in: destination, reportingAs: path, registering: false)
            (temporary, fd) = (created.temporary, created.fd)
        }
    }

    deinit { abandon() }

    /// Appends `text` with one `write(2)` call (more after a short write).
    /// - Throws: `FileWriteError`; the file stays open, to be abandoned.
    package func append(_ text: String) throws(FileWriteError) {
        guard let fd else { throw FileWriteError(path: path, operation: "write", errno: Errno(EBADF)) }
        try AtomicFile.writeAll(Array(text.utf8), to: fd, reportingAs: path)
    }

    /// Appends `last`, sets mode 0644, flushes to disk and renames the file over the destination, then flushes the
    /// folder.
    /// - Throws: `FileWriteError`; the temporary file is removed and the destination left as it was.
    package func commit(last: String) throws(FileWriteError) {
        guard let fd else { throw FileWriteError(path: path, operation: "write", errno: Errno(EBADF)) }
        do throws(FileWriteError) {
            try AtomicFile.fill(fd, with: Array(last.utf8), reportingAs: path)
            if temporary == nil { temporary = try AtomicFile.linkTemporaryName(fd, in: destination, reportingAs: path) }
        } catch {
            abandon()
            throw error
        }
        self.fd = nil
        // publish closes the descriptor and, on failure, removes the name.
        try AtomicFile.publish(fd, named: temporary!, to: destination, reportingAs: path)
        temporary = nil
    }

    /// Closes and removes the temporary file; the destination is left as it was. Does nothing after a commit.
    package func abandon() {
        if let fd { Syscalls.close(fd) }
        if let temporary { unlink(temporary) }
        fd = nil
        temporary = nil
    }
}
