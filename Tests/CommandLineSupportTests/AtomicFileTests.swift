import Foundation
import Glibc
import Testing

@testable import CommandLineSupport

/// Set in the child process of the kill tests: the file it keeps writing until the parent kills it.
private let childTarget = ProcessInfo.processInfo.environment["ATOMIC_FILE_TEST_CHILD_TARGET"]

// Serialized: the fallback tests install and check process-wide signal handlers, and the kill tests are easier
// to reason about with nothing else writing.
@Suite(.serialized) struct AtomicFileTests {
    private func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "zkprobe-atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func entries(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    private func symlink(_ link: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    }

    /// Throws unless `link` is still a symbolic link.
    private func linkTarget(_ link: String) throws -> String {
        try FileManager.default.destinationOfSymbolicLink(atPath: link)
    }

    private func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    @Test func replacesTheFileAndLeavesNoTemporary() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/zookeeper.prom"
        try AtomicFile.write("old\n", to: path)
        try AtomicFile.write("new\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        #expect(try entries(folder) == ["zookeeper.prom"])
        #expect(try mode(path) == 0o644)
    }

    @Test func theModeIs0644WhateverTheUmask() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let previous = umask(0o077)
        defer { umask(previous) }
        try AtomicFile.write("x\n", to: folder + "/a.prom")
        #expect(try mode(folder + "/a.prom") == 0o644)
    }

    @Test func aMissingFolderIsAnErrorNamingThePath() {
        #expect {
            try AtomicFile.write("x", to: "/nonexistent-\(UUID().uuidString)/x.prom")
        } throws: { error in
            "\(error)".contains("/x.prom") && "\(error)".contains("No such file")
        }
    }

    @Test func aMissingFolderLeavesNothingInItsParent() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: FileWriteError.self) { try AtomicFile.write("x", to: folder + "/missing/x.prom") }
        #expect(try entries(folder) == [])
    }

    @Test func anAbsoluteSymlinkStaysAndItsTargetGetsTheContents() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/real", withIntermediateDirectories: false)
        try "old\n".write(toFile: folder + "/real/zk.prom", atomically: false, encoding: .utf8)
        try symlink(folder + "/zk.prom", to: folder + "/real/zk.prom")
        try AtomicFile.write("new\n", to: folder + "/zk.prom")
        #expect(try linkTarget(folder + "/zk.prom") == folder + "/real/zk.prom")
        #expect(try String(contentsOfFile: folder + "/real/zk.prom", encoding: .utf8) == "new\n")
        #expect(try mode(folder + "/real/zk.prom") == 0o644)
        #expect(try entries(folder) == ["real", "zk.prom"])
        #expect(try entries(folder + "/real") == ["zk.prom"])
    }

    @Test func aRelativeSymlinkIsResolvedAgainstItsOwnFolder() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/collector", withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: folder + "/real", withIntermediateDirectories: false)
        try "old\n".write(toFile: folder + "/real/zk.prom", atomically: false, encoding: .utf8)
        try symlink(folder + "/collector/zk.prom", to: "../real/zk.prom")
        try AtomicFile.write("new\n", to: folder + "/collector/zk.prom")
        #expect(try linkTarget(folder + "/collector/zk.prom") == "../real/zk.prom")
        #expect(try String(contentsOfFile: folder + "/real/zk.prom", encoding: .utf8) == "new\n")
        #expect(try entries(folder + "/real") == ["zk.prom"])
        #expect(try entries(folder + "/collector") == ["zk.prom"])
    }

    @Test func aChainOfTwoLinksIsFollowedToTheEnd() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/b", withIntermediateDirectories: false)
        try "old\n".write(toFile: folder + "/b/final.prom", atomically: false, encoding: .utf8)
        try symlink(folder + "/b/middle", to: "final.prom")
        try symlink(folder + "/first.prom", to: folder + "/b/middle")
        try AtomicFile.write("new\n", to: folder + "/first.prom")
        #expect(try linkTarget(folder + "/first.prom") == folder + "/b/middle")
        #expect(try linkTarget(folder + "/b/middle") == "final.prom")
        #expect(try String(contentsOfFile: folder + "/b/final.prom", encoding: .utf8) == "new\n")
        #expect(try entries(folder + "/b") == ["final.prom", "middle"])
    }

    @Test func aDanglingLinkGetsItsTargetCreated() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try symlink(folder + "/zk.prom", to: "target.txt")
        try AtomicFile.write("new\n", to: folder + "/zk.prom")
        #expect(try linkTarget(folder + "/zk.prom") == "target.txt")
        #expect(try String(contentsOfFile: folder + "/target.txt", encoding: .utf8) == "new\n")
        #expect(try entries(folder) == ["target.txt", "zk.prom"])
    }

    @Test func aLinkLoopIsAnError() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try symlink(folder + "/loop.prom", to: "loop.prom")
        #expect {
            try AtomicFile.write("x", to: folder + "/loop.prom")
        } throws: { error in
            "\(error)".hasPrefix(folder + "/loop.prom: cannot follow the symbolic links: Too many levels")
        }
        #expect(try entries(folder) == ["loop.prom"])
    }

    /// Root writes through chmod 0555, so as root the failure comes from /proc, where no file can be created.
    @Test func anUnwritableFolderIsAnErrorAndLeavesNothing() throws {
        let folder = try temporaryFolder()
        defer {
            chmod(folder, 0o755)
            try? FileManager.default.removeItem(atPath: folder)
        }
        let path = geteuid() == 0 ? "/proc/zkprobe-\(UUID().uuidString).prom" : folder + "/zk.prom"
        chmod(folder, 0o555)
        #expect {
            try AtomicFile.write("x", to: path)
        } throws: { error in
            "\(error)".hasPrefix(path + ": cannot ")
        }
        let listed = geteuid() == 0 ? try entries("/proc") : try entries(folder)
        #expect(listed.filter { $0.contains("zk") } == [])
    }

    @Test(arguments: ["unnamed", "named"])
    func aFailedRenameLeavesNoTemporary(path kind: String) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A non-empty folder where the file should go: everything works up to the rename, which fails.
        try FileManager.default.createDirectory(atPath: folder + "/zk.prom/inside", withIntermediateDirectories: true)
        let destination = try AtomicFile.resolve(folder + "/zk.prom")
        #expect {
            if kind == "named" {
                try AtomicFile.writeNamed(Array("x".utf8), to: destination, reportingAs: "zk.prom")
            } else {
                #expect(try AtomicFile.writeUnnamed(Array("x".utf8), to: destination, reportingAs: "zk.prom"))
            }
        } throws: { error in
            "\(error)".hasPrefix("zk.prom: cannot rename into place: ")
        }
        #expect(try entries(folder) == ["zk.prom"])
    }

    @Test func theFallbackWritesTheFileAndPutsTheSignalHandlersBack() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var before = sigaction()
        sigaction(SIGTERM, nil, &before)
        let destination = try AtomicFile.resolve(folder + "/zk.prom")
        try AtomicFile.writeNamed(Array("new\n".utf8), to: destination, reportingAs: "zk.prom")
        var after = sigaction()
        sigaction(SIGTERM, nil, &after)
        let handler = { (action: sigaction) in unsafeBitCast(action.__sigaction_handler, to: Int.self) }
        #expect(handler(after) == handler(before))
        #expect(try String(contentsOfFile: folder + "/zk.prom", encoding: .utf8) == "new\n")
        #expect(try mode(folder + "/zk.prom") == 0o644)
        #expect(try entries(folder) == ["zk.prom"])
    }

    @Test func concurrentWritersNeverLeaveAMixedFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/out.prom"
        let bodies = (0..<8).map { String(repeating: "\($0)", count: 200_000) }
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            try? AtomicFile.write(bodies[i % 8], to: path)
            if let read = try? String(contentsOfFile: path, encoding: .utf8) {
                #expect(bodies.contains(read), "a reader saw a partial or mixed file")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.prom"])
    }

    /// A run killed mid-write leaves nothing: the file being written has no name until just before the rename
    /// (`O_TMPFILE`), and the kernel frees a nameless file when the killed process's descriptors close. With a
    /// named temporary file, as before, SIGKILL during a write would leave `.zk.prom.tmp.XXXXXX` behind.
    @Test func aRunKilledWhileWritingLeavesNoTemporary() throws {
        let (folder, reason, status) = try killWhileWriting(mode: "unnamed", signal: SIGKILL)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(reason == .uncaughtSignal && status == SIGKILL)
        #expect(try entries(folder) == ["zk.prom"])
    }

    /// The fallback names its file from the start; SIGTERM (cron's timeout) must remove it, then end the process
    /// as SIGTERM would have.
    @Test func theFallbackRemovesItsTemporaryOnSIGTERM() throws {
        let (folder, reason, status) = try killWhileWriting(mode: "named", signal: SIGTERM)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(reason == .uncaughtSignal && status == SIGTERM)
        #expect(try entries(folder) == ["zk.prom"])
    }

    /// The id of a process that has ended and been reaped: no process has it now.
    private func deadProcessID() throws -> pid_t {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        return child.processIdentifier
    }

    /// Sets `path`'s modification time `seconds` into the past, as a later cron run would find it.
    private func age(_ path: String, by seconds: TimeInterval) throws {
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-seconds)], ofItemAtPath: path)
    }

    /// Issue 16: SIGKILL (cron's timeout) during a write on a file system without `O_TMPFILE` leaves the named
    /// temporary file; nothing removed it, and one piled up per killed run. The next write to the same file
    /// removes it once its writer is gone and it has sat unchanged for a minute.
    @Test func aTemporaryLeftBySIGKILLOnTheFallbackIsRemovedByTheNextWrite() throws {
        let (folder, reason, status) = try killWhileWriting(mode: "named", signal: SIGKILL)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(reason == .uncaughtSignal && status == SIGKILL)
        let all = try entries(folder)
        let left = all.filter { $0.hasPrefix(".zk.prom.tmp.") }
        #expect(left.count == 1, "the kill should have caught the child writing: \(all)")
        for name in left { try age(folder + "/" + name, by: 120) }
        try AtomicFile.write("after\n", to: folder + "/zk.prom", unnamed: false)
        #expect(try entries(folder) == ["zk.prom"])
        #expect(try String(contentsOfFile: folder + "/zk.prom", encoding: .utf8) == "after\n")
    }

    /// Directory entries are read in place, not as whole `struct dirent`s: with many short names a record ends
    /// within a few bytes of the end of `readdir`'s buffer, and names of every length from 1 to 255 bytes are each
    /// read whole. Before the fix, loading `d_name` read past the end of short records and of the
    /// buffer: `swift test --sanitize=address --filter AtomicFileTests` reported a heap-buffer-overflow here (and
    /// under `quorumsim run --svg`, a plain build crashed with SIGSEGV about once in ten loaded test runs).
    @Test func everyNameLengthIsReadWholeAndInPlace() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // 1,500 names of 4 bytes (24-byte records) fill readdir's 32 KiB buffer to within a record of its end.
        let short = (0..<1500).map { "s" + String($0 + 100, radix: 36) }
        let lengths = (1...255).map { String(repeating: "n", count: $0 - 1) + String($0 % 10) }
        for name in short + lengths {
            #expect(FileManager.default.createFile(atPath: folder + "/" + name, contents: nil))
        }
        var read: [String] = []
        let directory = try #require(opendir(folder))
        while let entry = readdir(directory) { read.append(AtomicFile.entryName(entry)) }
        closedir(directory)
        #expect(read.filter { $0 != "." && $0 != ".." }.sorted() == (try entries(folder)))
        try AtomicFile.write("x\n", to: folder + "/zk.prom")
        #expect(try entries(folder).count == 1500 + 255 + 1)
    }

    /// Only exactly our own pattern, of this destination, of a dead writer, left for a minute, a regular file.
    @Test(arguments: [false, true])
    func onlyStaleTemporariesOfOurOwnPatternAreRemoved(unnamed: Bool) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let dead = try deadProcessID()
        let alive = getpid()
        let removed = [".zk.prom.tmp.\(dead).aB3dE9"]
        let kept = [
            ".zk.prom.tmp.\(alive).aB3dE9",  // a live writer (this process)
            ".zk.prom.tmp.\(dead).aB3dE",  // five random characters: not our pattern
            ".zk.prom.tmp.\(dead).aB3dE9x",
            ".zk.prom.tmp.\(dead).aB-dE9",
            ".zk.prom.tmp.0\(dead).aB3dE9",
            ".zk.prom.tmp.aB3dE9",  // the pattern before process ids: could be anyone's
            ".other.prom.tmp.\(dead).aB3dE9",  // another destination's
            "zk.prom.tmp.\(dead).aB3dE9",  // no leading dot
            ".zk.prom.tmp.\(dead).aB3dE9.prom",
            ".zk.prom.tmp.-\(dead).aB3dE9",
        ]
        for name in removed + kept {
            try "left\n".write(toFile: folder + "/" + name, atomically: false, encoding: .utf8)
            try age(folder + "/" + name, by: 120)
        }
        let fresh = ".zk.prom.tmp.\(dead).fReSh1"  // a dead writer's, but changed just now
        try "left\n".write(toFile: folder + "/" + fresh, atomically: false, encoding: .utf8)
        let directory = ".zk.prom.tmp.\(dead).dIrEct"
        try FileManager.default.createDirectory(atPath: folder + "/" + directory, withIntermediateDirectories: false)
        try age(folder + "/" + directory, by: 120)
        let link = folder + "/.zk.prom.tmp.\(dead).lInK00"
        try symlink(link, to: folder + "/" + kept[0])
        var times = [timeval(tv_sec: time(nil) - 120, tv_usec: 0), timeval(tv_sec: time(nil) - 120, tv_usec: 0)]
        #expect(lutimes(link, &times) == 0)  // the link itself, old enough: kept because it is no regular file

        try AtomicFile.write("new\n", to: folder + "/zk.prom", unnamed: unnamed)
        let expected = (kept + [fresh, directory, ".zk.prom.tmp.\(dead).lInK00", "zk.prom"]).sorted()
        #expect(try entries(folder) == expected)
    }

    @Test func temporaryNamesCarryTheWritersProcessID() throws {
        let destination = try AtomicFile.resolve(NSTemporaryDirectory() + "zk.prom")
        let name = String(destination.temporaryName().split(separator: "/").last ?? "")
        #expect(destination.writer(ofTemporary: name) == getpid(), "\(name)")
        #expect(name.hasPrefix(".zk.prom.tmp.\(getpid()).") && !name.hasSuffix(".prom"))
    }

    /// Runs this test binary again, only `childKeepsWritingUntilKilled`, and sends `signal` once the child is
    /// well into its loop of large writes.
    private func killWhileWriting(mode: String, signal: Int32) throws
        -> (folder: String, reason: Process.TerminationReason, status: Int32)
    {
        let folder = try temporaryFolder()
        let child = Process()
        child.executableURL = URL(fileURLWithPath: try linkTarget("/proc/self/exe"))
        child.arguments = [
            "--testing-library", "swift-testing", "--filter", "AtomicFileTests/childKeepsWritingUntilKilled",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["ATOMIC_FILE_TEST_CHILD_TARGET"] = folder + "/zk.prom"
        environment["ATOMIC_FILE_TEST_CHILD_MODE"] = mode
        child.environment = environment
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        // The target appears after the first complete write; from then on the child is writing the next one.
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: folder + "/zk.prom"), child.isRunning, Date() < deadline {
            usleep(10_000)
        }
        // Catch the child in the middle of a write, not between two: stop it, and only when a temporary exists
        // deliver the signal; otherwise let it run a little more. (A kill at a random moment could fall between
        // one write's rename and the next write's temporary, on a loaded machine in 3 of 6 runs.)
        let pid = child.processIdentifier
        // The unnamed mode has no temporary to wait for: any moment will do.
        while mode == "named", child.isRunning, Date() < deadline {
            usleep(UInt32.random(in: 20_000...60_000))
            kill(pid, SIGSTOP)
            while child.isRunning, Date() < deadline, !isStopped(pid) { usleep(1_000) }
            if (try? entries(folder))?.contains(where: { $0.hasPrefix(".zk.prom.tmp.") }) == true { break }
            kill(pid, SIGCONT)
        }
        if mode != "named" { usleep(UInt32.random(in: 100_000...300_000)) }
        kill(pid, signal)
        if signal != SIGKILL { kill(pid, SIGCONT) }
        child.waitUntilExit()
        return (folder, child.terminationReason, child.terminationStatus)
    }

    /// Whether the process is stopped, from the state field of /proc/PID/stat (after the parenthesised name).
    private func isStopped(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[close...].dropFirst(2).first == "T"
    }

    /// Not a test of its own: the child of the kill tests (skipped unless the parent set the target).
    @Test(.enabled(if: childTarget != nil)) func childKeepsWritingUntilKilled() throws {
        let destination = try AtomicFile.resolve(childTarget ?? "")
        let named = ProcessInfo.processInfo.environment["ATOMIC_FILE_TEST_CHILD_MODE"] == "named"
        let bytes = [UInt8](repeating: UInt8(ascii: "z"), count: 64 << 20)
        while true {
            if named {
                try AtomicFile.writeNamed(bytes, to: destination, reportingAs: "zk.prom")
            } else {
                #expect(try AtomicFile.writeUnnamed(bytes, to: destination, reportingAs: "zk.prom"))
            }
        }
    }
}
