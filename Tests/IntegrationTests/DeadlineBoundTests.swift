import Foundation
import TestSupport
import Testing

/// `DeadlineBound`, the time bound of every test that times a run: it follows the machine's load and still fails
/// a run that ignores its deadline.
struct DeadlineBoundTests {
    @Test func theLimitIsTheDeadlinePlusTenOfTheLargerStartUp() {
        let bound = DeadlineBound(
            deadline: .seconds(2), startUps: [.milliseconds(120), .milliseconds(310)], reference: "zkprobe --version")
        #expect(bound.limit == .milliseconds(5100))
        #expect(bound.admits(.milliseconds(5099)))
        #expect(!bound.admits(.milliseconds(5100)))
        #expect(
            bound.description
                == "deadline 2 s + 10 × start-up 0.31 s (zkprobe --version, slowest of 2 runs from 0.12 s) = 5.10 s")
    }

    /// The item that asked for this bound: a 2 s check took 9.08 s at a load average of 28, where a fixed 6 s
    /// failed it; and a check that waits 30 s on a silent member must fail on a quiet machine and a busy one.
    @Test func aRunThatIgnoresItsDeadlineFailsWhileABusyMachineIsAllowedItsStartUps() {
        let quiet = DeadlineBound(
            deadline: .seconds(2), startUps: [.milliseconds(20), .milliseconds(30)], reference: "")
        #expect(quiet.limit == .seconds(3), "start-ups below the minimum count as the minimum")
        #expect(!quiet.admits(.seconds(30)))
        #expect(!quiet.admits(.seconds(9)))

        let busy = DeadlineBound(
            deadline: .seconds(2), startUps: [.milliseconds(400), .milliseconds(900)], reference: "")
        #expect(busy.admits(.milliseconds(9080)))
        #expect(!busy.admits(.seconds(30)))
    }

    @Test func timeMeasuresTheStartUpBeforeDuringAndAfterTheRun() throws {
        let timed = try DeadlineBound.time(deadline: .seconds(1)) {
            Thread.sleep(forTimeInterval: 1)
            return 42
        }
        #expect(timed.value == 42)
        #expect(timed.elapsed >= .seconds(1))
        #expect(timed.bound.deadline == .seconds(1))
        // Before, after, and at least one while the body slept.
        #expect(timed.bound.startUps.count >= 3, "\(timed)")
        #expect(timed.bound.startUps.allSatisfy { $0 > .zero })
        #expect(timed.bound.reference == "zkprobe --version")
        #expect(timed.description.hasPrefix("took "), "\(timed)")
        #expect(timed.description.contains(" s; allowed deadline 1 s + 10 × start-up "), "\(timed)")
    }

    @Test func aProductThatWasNotBuiltIsAnErrorNotABound() {
        let error = #expect(throws: ChildProcess.LaunchFailure.self) {
            try DeadlineBound.time(deadline: .seconds(1), startUpOf: "no-such-product") { 0 }
        }
        #expect(error?.reason.contains("no-such-product was not built") == true)
    }
}
