import Foundation
import Testing
import TestSupport

@testable import ZKProbe

struct ConcurrencyTests {
    /// 200 servers, 20 of them silent: the 180 others answer only once all 180 are connected at the same time,
    /// so every answer arriving proves the exchanges ran at once (one deadline, not twenty), whatever the clock.
    @Test func askingManyServersCostsAboutOneDeadline() throws {
        let silent = Set(stride(from: 3, to: 200, by: 10))
        let behaviors: [FakeServer.Behavior] = (0..<200).map { index in
            silent.contains(index)
                ? .silent : .respondWhenAllConnected({ word, port in Array("\(word) from \(port)".utf8) })
        }
        let server = try FakeServer(behaviors: behaviors)
        defer { server.stop() }
        let requests = try (0..<200).map { (word: "srvr", endpoint: try Endpoint(parsing: server.address($0))) }

        let results = FourLetterClient(options: ProbeOptions(deadline: .seconds(1))).ask(requests)

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
