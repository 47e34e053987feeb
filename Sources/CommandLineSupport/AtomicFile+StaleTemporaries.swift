import Glibc

extension AtomicFile {
    /// How long, in seconds, a dead writer's temporary file must have been left unchanged before a later write
    /// removes it: a guard against a writer that is alive but invisible to `kill` (another PID namespace sharing
    /// the folder), which keeps its file changing while it writes.
    static let staleSeconds = 60

    /// Removes what earlier writers to the same destination left behind when they died between creating their
    /// temporary file and renaming it (SIGKILL from a cron timeout, a crash, a power cut): on file systems
    /// without `O_TMPFILE` the file has a name from the start, and nothing else would ever remove it.
    ///
    /// Only names of exactly this destination's pattern (``Destination/writer(ofTemporary:)``:
    /// `.NAME.tmp.PID.XXXXXX`), that are regular files of this user, whose process PID no longer exists, and
    /// that have not changed for ``staleSeconds``. Another program's files, another destination's, a live
    /// writer's, and names in the pattern of older versions (without the process id) are left alone. Failures
    /// are ignored: this is housekeeping, and the write itself must not fail for it.
    static func removeStaleTemporaries(of destination: Destination, now: time_t = time(nil)) {
        guard let folder = opendir(destination.folder) else { return }
        defer { closedir(folder) }
        var stale: [String] = []
        while let entry = readdir(folder) {
            let name = entryName(entry)
            guard let pid = destination.writer(ofTemporary: name), !isRunning(pid) else { continue }
            let path = Destination.join(destination.folder, name)
            var status = stat()
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_uid == geteuid(),
                now - status.st_mtim.tv_sec >= staleSeconds
            else { continue }
            stale.append(path)
        }
        for path in stale { unlink(path) }
    }

    /// The name of a directory entry, read in place up to its terminating NUL.
    ///
    /// A `dirent` from `readdir` is a record of variable length: it ends just after its name's NUL, rounded up to
    /// 8 bytes, not at `sizeof(struct dirent)`. Loading `entry.pointee.d_name` (a 256-byte tuple) copies past the
    /// end of a short record and, for the last record of `readdir`'s buffer, past the end of the buffer (found by
    /// AddressSanitizer; without it, an occasional SIGSEGV when the buffer ends at a page).
    static func entryName(_ entry: UnsafePointer<dirent>) -> String {
        let offset = MemoryLayout<dirent>.offset(of: \.d_name) ?? 19
        return String(cString: (UnsafeRawPointer(entry) + offset).assumingMemoryBound(to: CChar.self))
    }

    /// Whether process `pid` exists: `kill(pid, 0)` succeeds, or fails only for lack of permission (EPERM).
    static func isRunning(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
