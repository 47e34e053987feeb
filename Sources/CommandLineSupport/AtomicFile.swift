import SystemSupport

import Glibc

/// Why a file could not be written: the path, the step, and the system call's `errno`.
package struct FileWriteError: Error, Sendable, CustomStringConvertible {
    package var path: String
    package var operation: String
    package var errno: Errno

    package var description: String {
        "\(path): cannot \(operation): \(errno)"
    }
}

/// Writes whole files atomically: the new contents are complete and flushed before they replace the target.
///
/// A reader (node exporter's textfile collector) sees the old file or the new one, never half of one; two
/// writers overlapping (two cron runs) each rename a complete file, and the last rename wins.
///
/// The contents go first into an unnamed file (`O_TMPFILE`) in the target's folder, which gets a temporary name
/// only just before it is renamed over the target. A run killed while writing (cron's timeout, SIGKILL) leaves
/// nothing behind: a file without a name is freed by the kernel when its last descriptor closes. File systems
/// without `O_TMPFILE` get a named temporary file instead (`.NAME.tmp.PID.XXXXXX`), removed on failure and on
/// SIGTERM, SIGINT or SIGHUP; one left by SIGKILL is removed by the next write to the same file once its writer
/// is gone.
///
/// A symbolic link at the target is written through: the file it points to is replaced, in that file's folder,
/// and the link stays a link (operators link the `.prom` file into the collector's folder).
package enum AtomicFile {
    /// `O_TMPFILE`, which Glibc only defines for `_GNU_SOURCE`, so Swift does not see it: `__O_TMPFILE` (the same
    /// 020000000 on every Linux architecture) with `O_DIRECTORY` (which is not), as <bits/fcntl-linux.h> spells it.
    static let openTemporaryFile: Int32 = 0o20000000 | O_DIRECTORY
    /// `AT_EMPTY_PATH` from <fcntl.h>, also `_GNU_SOURCE`-only.
    static let linkEmptyPath: Int32 = 0x1000

    /// Replaces the file at `path` (or, if `path` is a symbolic link, the file it points to) with `contents`,
    /// mode 0644, first removing what writers killed before their rename left there
    /// (``removeStaleTemporaries(of:now:)``).
    /// - Parameter unnamed: `false` forces the named fallback of file systems without `O_TMPFILE` (tests).
    /// - Throws: `FileWriteError` naming `path`; no temporary file is left behind on any failure path.
    package static func write(_ contents: String, to path: String, unnamed: Bool = true) throws(FileWriteError) {
        let destination = try resolve(path)
        removeStaleTemporaries(of: destination)
        let bytes = Array(contents.utf8)
        if unnamed, try writeUnnamed(bytes, to: destination, reportingAs: path) { return }
        try writeNamed(bytes, to: destination, reportingAs: path)
    }

    /// Writes through an unnamed `O_TMPFILE` file, linked to a temporary name only right before the rename.
    /// - Returns: false, having changed nothing, when the folder's file system does not support `O_TMPFILE`.
    static func writeUnnamed(
        _ bytes: [UInt8], to destination: Destination, reportingAs path: String
    ) throws(FileWriteError) -> Bool {
        guard let fd = try openUnnamed(in: destination, reportingAs: path) else { return false }
        let temporary: String
        do throws(FileWriteError) {
            // Flushed before it gets any name, so the name never points at data that a crash could lose.
            try fill(fd, with: bytes, reportingAs: path)
            temporary = try linkTemporaryName(fd, in: destination, reportingAs: path)
        } catch {
            Syscalls.close(fd)
            throw error
        }
        try publish(fd, named: temporary, to: destination, reportingAs: path)
        return true
    }

    /// Opens an unnamed `O_TMPFILE` file for writing in the destination's folder.
    /// - Returns: `nil`, having changed nothing, when the folder's file system does not support `O_TMPFILE`.
    static func openUnnamed(in destination: Destination, reportingAs path: String) throws(FileWriteError) -> Int32? {
        do {
            return try Errno.retryingInterrupts {
                open(destination.folder, openTemporaryFile | O_WRONLY | O_CLOEXEC, 0o644)
            }
        } catch {
            // open(2): EOPNOTSUPP from file systems without O_TMPFILE; EISDIR or EINVAL from kernels and libcs
            // that do not know the flag at all (it then reads as a plain O_DIRECTORY open for writing).
            if [EOPNOTSUPP, EISDIR, EINVAL].contains(error.code) { return nil }
            throw FileWriteError(
                path: path, operation: "create a temporary file in \(destination.folder)", errno: error)
        }
    }

    /// Closes the filled file and renames its temporary name over the destination, then flushes the folder; on
    /// failure the temporary name is removed, so nothing is left behind.
    static func publish(
        _ fd: Int32, named temporary: String, to destination: Destination, reportingAs path: String
    ) throws(FileWriteError) {
        do throws(FileWriteError) {
            try call("close", path) { Glibc.close(fd) }
            try call("rename into place", path) { rename(temporary, destination.path) }
        } catch {
            unlink(temporary)
            throw error
        }
        try syncFolder(destination.folder, reportingAs: path)
    }

    /// Gives the unnamed file behind `fd` a fresh temporary name in the destination's folder.
    ///
    /// `linkat` through `/proc/self/fd/N` with `AT_SYMLINK_FOLLOW` needs no privilege, while the `AT_EMPTY_PATH`
    /// form needs CAP_DAC_READ_SEARCH; that form is only the fallback for systems without `/proc`.
    static func linkTemporaryName(
        _ fd: Int32, in destination: Destination, reportingAs path: String
    ) throws(FileWriteError) -> String {
        for _ in 0..<100 {
            let temporary = destination.temporaryName()
            do {
                do {
                    _ = try Errno.retryingInterrupts {
                        linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, temporary, AT_SYMLINK_FOLLOW)
                    }
                } catch where error.code == ENOENT && access("/proc/self/fd", F_OK) != 0 {
                    _ = try Errno.retryingInterrupts { linkat(fd, "", AT_FDCWD, temporary, linkEmptyPath) }
                }
                return temporary
            } catch where error.code == EEXIST {
                continue  // Another writer holds this random name: draw another.
            } catch {
                throw FileWriteError(path: path, operation: "name the temporary file", errno: error)
            }
        }
        throw FileWriteError(path: path, operation: "name the temporary file", errno: Errno(EEXIST))
    }

    /// Writes through a named temporary file: the path for file systems without `O_TMPFILE`.
    ///
    /// The name is registered with `TemporaryFileCleanup` before the file is created, so SIGTERM, SIGINT or
    /// SIGHUP at any point until the rename removes it. SIGKILL cannot be caught: only the unnamed path is
    /// immune to that.
    static func writeNamed(_ bytes: [UInt8], to destination: Destination, reportingAs path: String)
        throws(FileWriteError)
    {
        let (temporary, fd, registration) = try createNamed(in: destination, reportingAs: path, registering: true)
        defer { registration.release() }
        do throws(FileWriteError) {
            try fill(fd, with: bytes, reportingAs: path)
        } catch {
            Syscalls.close(fd)
            unlink(temporary)
            throw error
        }
        try publish(fd, named: temporary, to: destination, reportingAs: path)
    }

    /// Creates a fresh named temporary file next to the destination, open for writing; with `registering`, its
    /// name is registered with `TemporaryFileCleanup` first (release the registration once it is renamed or
    /// removed).
    static func createNamed(
        in destination: Destination, reportingAs path: String, registering: Bool
    ) throws(FileWriteError) -> (temporary: String, fd: Int32, registration: TemporaryFileCleanup.Registration) {
        var created: (temporary: String, fd: Int32, registration: TemporaryFileCleanup.Registration)?
        for _ in 0..<100 where created == nil {
            let temporary = destination.temporaryName()
            let registration =
                registering ? TemporaryFileCleanup.register(temporary) : TemporaryFileCleanup.Registration()
            do {
                let fd = try Errno.retryingInterrupts {
                    open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
                }
                created = (temporary, fd, registration)
            } catch {
                registration.release()  // before the check: on EEXIST the name is someone else's file
                if error.code != EEXIST {
                    throw FileWriteError(
                        path: path, operation: "create a temporary file in \(destination.folder)", errno: error)
                }
            }
        }
        guard let created else {
            throw FileWriteError(path: path, operation: "create a temporary file", errno: Errno(EEXIST))
        }
        return created
    }

    /// Writes `bytes`, sets mode 0644 (the mode given to open went through the umask) and flushes to disk.
    static func fill(_ fd: Int32, with bytes: [UInt8], reportingAs path: String) throws(FileWriteError) {
        try writeAll(bytes, to: fd, reportingAs: path)
        try call("chmod", path) { fchmod(fd, 0o644) }
        try call("fsync", path) { fsync(fd) }
    }

    /// Writes every byte, resuming after short writes and interrupts.
    static func writeAll(_ bytes: [UInt8], to fd: Int32, reportingAs path: String) throws(FileWriteError) {
        do { try Syscalls.writeAll(bytes, to: fd) } catch {
            throw FileWriteError(path: path, operation: "write", errno: error)
        }
    }

    /// Flushes the folder, so the rename itself survives a power loss, not only the file's contents.
    static func syncFolder(_ folder: String, reportingAs path: String) throws(FileWriteError) {
        let fd: Int32
        do { fd = try Errno.retryingInterrupts { open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC) } } catch {
            throw FileWriteError(path: path, operation: "open the folder \(folder)", errno: error)
        }
        defer { Syscalls.close(fd) }
        do {
            _ = try Errno.retryingInterrupts { fsync(fd) }
        } catch where error.code != EINVAL {
            // EINVAL: the file system cannot sync folders (fsync(2)); the file is in place, which is what matters.
            throw FileWriteError(path: path, operation: "fsync the folder \(folder)", errno: error)
        } catch {}
    }

    /// Runs a POSIX call returning 0 or -1, retrying interrupts, and throws with the errno read right after it.
    static func call(_ operation: String, _ path: String, _ body: () -> Int32) throws(FileWriteError) {
        do { _ = try Errno.retryingInterrupts(body) } catch {
            throw FileWriteError(path: path, operation: operation, errno: error)
        }
    }
}
