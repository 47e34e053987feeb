import Foundation
import Synchronization
import TestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A plain HTTP GET for the tests (Prometheus's API, the exporter), with a bounded wait.
enum HTTPGet {
    /// Status and body of `GET url`.
    ///
    /// - Throws: `ExternalTool.Failure` on a transport error or no answer within `timeout` (plus 5 s).
    static func fetch(_ url: URL, headers: [String: String] = [:], timeout: Duration = .seconds(30)) throws -> (
        status: Int, body: String
    ) {
        var request = URLRequest(url: url)
        request.timeoutInterval = timeout.seconds
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let outcome = Mutex<Result<(Int, Data), any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let session = URLSession(configuration: .ephemeral)
        defer { session.invalidateAndCancel() }
        let task = session.dataTask(with: request) { data, response, error in
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            outcome.withLock { $0 = error.map { .failure($0) } ?? .success((status, data ?? Data())) }
            done.signal()
        }
        task.resume()
        guard done.wait(timeout: .now() + timeout.seconds + 5) == .success else {
            task.cancel()
            throw ExternalTool.Failure(description: "GET \(url): no response within \(timeout)")
        }
        switch outcome.withLock({ $0 }) {
        case .success((let status, let data))?: return (status, String(decoding: data, as: UTF8.self))
        case .failure(let error)?: throw ExternalTool.Failure(description: "GET \(url): \(error)")
        case nil: throw ExternalTool.Failure(description: "GET \(url): no outcome")
        }
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then closed).
    static func freePort() throws -> Int {
        let (fd, port) = try FakeServer.refusingPort()
        close(fd)
        return port
    }
}
