import Testing
import ToolkitSupport

@testable import QuorumSim
@testable import QuorumSimCommands

/// `quorumsim run`'s progress line on a terminal: drawn after half a second, erased at the end, and stopped at
/// once (its thread sleeps on the stop between redraws instead of sleeping a fixed tenth of a second).
struct ProgressDisplayTests {
    static func display(_ progress: SimulationProgress, lines: WaitableMutex<[String]>) -> ProgressDisplay {
        let context = CommandContext(
            errorIsTerminal: true, writeProgress: { line in lines.withLock { $0.append(line) } })
        return ProgressDisplay(name: "flagship", progress: progress, context: context)
    }

    @Test func aLongRunShowsItsShareDoneAndErasesTheLineAtTheEnd() {
        let progress = SimulationProgress()
        progress.start(replications: 2)
        for _ in 0..<32 { progress.advance() }
        let lines = WaitableMutex<[String]>([])
        let display = Self.display(progress, lines: lines)
        display.start()
        let first = lines.wait(timeout: .seconds(30)) { $0.first }
        display.stop()
        let written = lines.withLock { $0 }
        #expect(first == "\r\u{1B}[Kquorumsim: simulating flagship 25%")
        #expect(written.last == "\r\u{1B}[K")
        DetachedThread.sleep(seconds: 0.3)
        #expect(lines.withLock { $0.count } == written.count, "the line was drawn after stop returned")
    }

    @Test func stopEndsTheDisplayWithoutWaitingForItsNextRedraw() {
        var fastest = Duration.seconds(3600)
        for _ in 0..<5 {
            let display = Self.display(SimulationProgress(), lines: WaitableMutex([]))
            display.start()
            DetachedThread.sleep(seconds: 0.02)
            let start = ContinuousClock.now
            display.stop()
            fastest = min(fastest, ContinuousClock.now - start)
        }
        // Redraws come every 100 ms: a stop that waited for the next one would take some 80 ms each time.
        #expect(fastest < .milliseconds(40))
    }
}
