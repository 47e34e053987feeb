import SystemSupport

import Glibc
import ToolkitSupport

extension AtomicFile {
    /// The file that a write really replaces: a name in a folder with no symbolic link in it.
    struct Destination: Equatable {
        /// The folder, as `realpath` spells it.
        var folder: String
        /// The last component: never empty, ".", "..", nor a symbolic link.
        var name: String

        var path: String { Destination.join(folder, name) }

        /// A fresh name for a temporary file next to the destination: `.NAME.tmp.PID.XXXXXX`, this process's id
        /// and six random letters or digits. It starts with a dot and does not end in `.prom`, so node exporter's
        /// textfile collector ignores it; the id lets a later write tell a dead writer's leftover from a live
        /// writer's file (``AtomicFile/removeStaleTemporaries(of:now:)``).
        func temporaryName() -> String {
            let suffix = String((0..<Self.randomLength).map { _ in Self.randomAlphabet.randomElement()! })
            return Destination.join(folder, temporaryPrefix + "\(getpid()).\(suffix)")
        }

        /// What every temporary name of this destination starts with: `.NAME.tmp.`.
        var temporaryPrefix: String { ".\(name).tmp." }

        static let randomAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        static let randomLength = 6

        /// The writer's process id when `entry` (a name in the folder) is exactly one of this destination's
        /// temporary names (``temporaryName()``); `nil` for any other name.
        func writer(ofTemporary entry: String) -> pid_t? {
            guard entry.hasPrefix(temporaryPrefix) else { return nil }
            let parts = entry.dropFirst(temporaryPrefix.count).split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[1].count == Self.randomLength,
                parts[1].allSatisfy(Self.randomAlphabet.contains),
                parts[0].first != "0", let pid = DecimalText.integer(String(parts[0]), as: pid_t.self), pid > 0
            else { return nil }
            return pid
        }

        static func join(_ folder: String, _ name: String) -> String {
            folder.hasSuffix("/") ? folder + name : folder + "/" + name
        }
    }

    /// The most symbolic links followed from the given path, as the kernel's own limit (MAXSYMLINKS, ELOOP).
    static let maximumLinkHops = 40

    /// Follows `path` to the file a write should replace.
    ///
    /// Renaming over a symbolic link would replace the link with a regular file, so the link chain is followed to
    /// its end: `realpath` resolves the folder, `readlink` the last component, and a relative link target is
    /// resolved against the folder of the link that holds it. A dangling link resolves to the missing file it
    /// names, which the write then creates.
    static func resolve(_ path: String) throws(FileWriteError) -> Destination {
        var current = path
        for _ in 0...maximumLinkHops {
            let slash = current.lastIndex(of: "/")
            let folder = slash.map { current[..<$0].isEmpty ? "/" : String(current[..<$0]) } ?? "."
            let name = slash.map { String(current[current.index(after: $0)...]) } ?? current
            guard !name.isEmpty, name != ".", name != ".." else {
                throw FileWriteError(path: path, operation: "write a folder name", errno: Errno(EISDIR))
            }
            guard let resolved = realpath(folder, nil) else {
                throw FileWriteError(path: path, operation: "find the folder \(folder)", errno: .current)
            }
            let realFolder = String(cString: resolved)
            free(resolved)
            let candidate = Destination(folder: realFolder, name: name)
            guard let target = try linkTarget(candidate.path, reportingAs: path) else { return candidate }
            current = target.hasPrefix("/") ? target : Destination.join(realFolder, target)
        }
        throw FileWriteError(path: path, operation: "follow the symbolic links", errno: Errno(ELOOP))
    }

    /// What the symbolic link at `candidate` points to, or nil if it is no link (a file, or nothing yet).
    static func linkTarget(_ candidate: String, reportingAs path: String) throws(FileWriteError) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = buffer.withUnsafeMutableBufferPointer { readlink(candidate, $0.baseAddress!, $0.count) }
        if count < 0 {
            let error = errno
            // readlink(2): EINVAL means "not a symbolic link"; ENOENT, no file yet: both are written in place.
            if error == EINVAL || error == ENOENT { return nil }
            throw FileWriteError(path: path, operation: "read the symbolic link \(candidate)", errno: Errno(error))
        }
        guard count < buffer.count else {
            throw FileWriteError(
                path: path, operation: "read the symbolic link \(candidate)", errno: Errno(ENAMETOOLONG))
        }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
