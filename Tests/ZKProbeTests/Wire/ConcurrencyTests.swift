import Foundation
import Testing
import TestSupport

@testable import ZKProbe

struct ConcurrencyTests {
    /// 200 servers, 20 of them silent, 1 s deadline: one deadline of wall time, not twenty. The bound is generous
    /// on purpose (a loaded 2-core machine); asking the silent ones one after another would take 20 s.
    @Test func askingManyServersCostsAboutOneDeadline() throws {
        let silent = Set(stride(from: 3, to: 200, by: 10))
        let behaviors: [FakeServer.Behavior] = (0..<200).map { index in
            silent.contains(index)
                ? .silent : .respond({ word, port in Array("\(word) from \(port)".utf8) }, chunk: 4096, pause: .zero)
        }
        let server = try FakeServer(behaviors: behaviors)
        defer { server.stop() }
        let requests = try (0..<200).map { (word: "srvr", endpoint: try Endpoint(parsing: server.address($0))) }

        let clock = ContinuousClock()
        let start = clock.now
        let results = FourLetterClient(options: ProbeOptions(deadline: .seconds(1))).ask(requests)
        let elapsed = clock.now - start

        #expect(elapsed < .seconds(3))
        #expect(results.count == 200)
        for (index, result) in results.enumerated() {
            let target = requests[index].endpoint
            if silent.contains(index) {
                #expect(
                    result.failure
                        == .timedOut(
                            endpoint: target, word: "srvr", stage: .reading, bytesReceived: 0, deadline: .seconds(1)))
            } else {
                #expect((try? result.get())?.text == "srvr from \(target.port)", "\(target): \(result)")
            }
        }
    }
}
