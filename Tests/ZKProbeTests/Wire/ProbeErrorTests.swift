import Glibc
import SystemSupport
import Testing

@testable import ZKProbe

struct ProbeErrorTests {
    let zk1 = Endpoint(host: "zk1", port: 2181)
    let zk2 = Endpoint(host: "zk2", port: 2181)

    // The two messages below are quoted from the issue that specified the client.
    @Test func silentServerMessageMatchesTheIssue() {
        let error = ProbeError.timedOut(
            endpoint: zk2, word: "mntr", stage: .reading, bytesReceived: 0, deadline: .seconds(5))
        let expected =
            "zk2:2181: no answer to mntr within 5 s (connected, 0 bytes received; a paused or overloaded server?)"
        #expect(error.description == expected)
    }

    @Test func refusedMessageMatchesTheIssue() {
        #expect(
            ProbeError.refused(endpoint: zk1).description
                == "zk1:2181: connection refused (is ZooKeeper running and is this its clientPort?)")
    }

    @Test(arguments: [
        (Duration.seconds(5), "5 s"), (.milliseconds(1500), "1.5 s"), (.milliseconds(250), "0.25 s"),
        (.milliseconds(100), "0.1 s"), (.seconds(90), "90 s"), (.microseconds(1_000_400), "1 s"),
        (.nanoseconds(2_345_678_901), "2.346 s"),
    ])
    func formatsDeadlinesInSeconds(_ duration: Duration, _ text: String) {
        #expect(ProbeError.format(duration) == text)
    }

    @Test func everyCaseNamesTheServerOnOneLine() {
        let v6 = Endpoint(host: "::1", port: 2182)
        let errors: [ProbeError] = [
            .invalidWord("MNTR", endpoint: v6),
            .resolutionFailed(endpoint: v6, failure: ResolutionFailure(code: EAI_NONAME)),
            .refused(endpoint: v6),
            .unreachable(endpoint: v6, errno: Errno(ENETUNREACH)),
            .timedOut(endpoint: v6, word: "mntr", stage: .resolving, bytesReceived: 0, deadline: .seconds(1)),
            .timedOut(endpoint: v6, word: "mntr", stage: .connecting, bytesReceived: 0, deadline: .seconds(1)),
            .timedOut(endpoint: v6, word: "mntr", stage: .sending, bytesReceived: 0, deadline: .seconds(1)),
            .timedOut(endpoint: v6, word: "mntr", stage: .reading, bytesReceived: 12, deadline: .seconds(1)),
            .reset(endpoint: v6, word: "mntr", bytesReceived: 12),
            .tooLarge(endpoint: v6, word: "mntr", limit: 4 << 20),
            .systemError(endpoint: v6, word: "mntr", operation: "recv", errno: Errno(EFAULT)),
        ]
        for error in errors {
            #expect(error.description.hasPrefix("[::1]:2182: "), "\(error)")
            #expect(!error.description.contains("\n"), "\(error)")
            #expect(error.endpoint == v6)
            if let word = error.word { #expect(error.description.contains(word), "\(error)") }
        }
        #expect(Set(errors.map(\.description)).count == errors.count)
    }

    @Test func partialReplyTimeoutReportsTheBytesReceived() {
        let error = ProbeError.timedOut(
            endpoint: zk1, word: "mntr", stage: .reading, bytesReceived: 1234, deadline: .seconds(5))
        #expect(error.description.contains("1234 bytes received"))
    }

    @Test func tooLargeReportsTheLimitInMebibytes() {
        let error = ProbeError.tooLarge(endpoint: zk1, word: "cons", limit: 4 << 20)
        #expect(error.description.contains("4 MiB (4194304 bytes)"))
    }
}
