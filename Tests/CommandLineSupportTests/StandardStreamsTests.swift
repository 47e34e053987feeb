import Foundation
import Testing

@testable import CommandLineSupport

/// `StandardStreams.environment` replaced `ProcessInfo.processInfo.environment` in zkprobe (`NO_COLOR`, `TERM`), so
/// that zkprobe loads no FoundationEssentials: it must read what Foundation reads.
struct StandardStreamsTests {
    @Test(arguments: ["PATH", "HOME", "TERM", "NO_COLOR", "ZKPROBE_SURELY_UNSET_\(getpid())"])
    func environmentReadsWhatProcessInfoReads(_ name: String) {
        #expect(StandardStreams.environment(name) == ProcessInfo.processInfo.environment[name])
    }

    @Test func anUnsetVariableIsNil() {
        #expect(StandardStreams.environment("ZKPROBE_SURELY_UNSET_\(getpid())") == nil)
        #expect(StandardStreams.environment("PATH") != nil)
    }
}
