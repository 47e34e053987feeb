import Foundation
import Synchronization

/// A network partition on 127.0.0.1: iptables rules that drop every loopback packet to or from some TCP ports
/// (a leader's quorum and election ports: its followers lose it while clients still reach it). Only the ports
/// given are touched, each rule carries a comment naming this partition (`zkprobe-it-<test pid>-<random>`), and
/// the rules go on `heal()` or `deinit`, whichever comes first; `scripts/test` removes those of a test process
/// that died before.
///
/// Needs root and iptables: without them `cut` throws (the test fails; it is not skipped).
final class LoopbackPartition: Sendable {
    let ports: [Int]
    private let tag: String
    private let healed = Mutex(false)

    private init(ports: [Int], tag: String) {
        self.ports = ports
        self.tag = tag
    }

    deinit { heal() }

    /// Drops loopback TCP packets whose source or destination port is one of `ports`.
    /// - Throws: `ExternalTool.Failure` naming what is missing (root, iptables) or the rule iptables refused.
    static func cut(ports: [Int]) throws -> LoopbackPartition {
        guard getuid() == 0 else {
            throw ExternalTool.Failure(description: "a loopback partition needs root (iptables); run the tests as root")
        }
        let partition = LoopbackPartition(ports: ports, tag: "zkprobe-it-\(getpid())-\(UUID().uuidString.prefix(8))")
        do {
            for rule in partition.rules {
                try iptables(["-I"] + rule)
            }
        } catch {
            partition.heal()
            throw error
        }
        return partition
    }

    /// Removes the rules (once; later calls do nothing). A rule that cannot be removed is printed to standard
    /// error with the command that removes it.
    func heal() {
        let first = healed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        for rule in rules {
            do {
                try Self.iptables(["-D"] + rule)
            } catch {
                FileHandle.standardError.write(Data("warning: could not remove iptables rule \(rule): \(error)\n".utf8))
            }
        }
    }

    /// `INPUT -i lo -p tcp --dport|--sport P -m comment --comment TAG -j DROP` per port and direction.
    private var rules: [[String]] {
        ports.flatMap { port in
            ["--dport", "--sport"].map { direction in
                [
                    "INPUT", "-i", "lo", "-p", "tcp", direction, "\(port)", "-m", "comment", "--comment", tag, "-j",
                    "DROP",
                ]
            }
        }
    }

    private static func iptables(_ arguments: [String]) throws {
        let run = try ExternalTool.run("/usr/sbin/iptables", ["-w", "5"] + arguments, timeout: .seconds(20))
        guard run.status == 0 else {
            throw ExternalTool.Failure(description: "iptables \(arguments.joined(separator: " ")): \(run.transcript)")
        }
    }
}
