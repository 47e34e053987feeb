import SystemSupport
import Testing

@testable import ZKProbe

import Glibc

struct ConnectFailureTests {
    let target = Endpoint(host: "zk3", port: 2181)

    func classify(_ code: Int32) -> ProbeError {
        ProbeLoop.classifyConnectFailure(
            Errno(code), endpoint: target, word: "ruok", operation: "connect", deadline: .seconds(5))
    }

    @Test func refusedUnreachableAndTimedOutAreDistinct() {
        #expect(classify(ECONNREFUSED) == .refused(endpoint: target))
        #expect(classify(ENETUNREACH) == .unreachable(endpoint: target, errno: Errno(ENETUNREACH)))
        #expect(classify(EHOSTUNREACH) == .unreachable(endpoint: target, errno: Errno(EHOSTUNREACH)))
        #expect(classify(EAFNOSUPPORT) == .unreachable(endpoint: target, errno: Errno(EAFNOSUPPORT)))
        #expect(
            classify(ENETUNREACH).description.hasSuffix(
                ": Network is unreachable (check the address, routes and firewalls)"))
        #expect(
            classify(ETIMEDOUT)
                == .timedOut(
                    endpoint: target, word: "ruok", stage: .connecting, bytesReceived: 0, deadline: .seconds(5)))
        #expect(
            classify(EACCES)
                == .systemError(endpoint: target, word: "ruok", operation: "connect", errno: Errno(EACCES)))
    }
}
