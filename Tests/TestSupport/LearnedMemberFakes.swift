/// An ensemble whose first member is the only one given: its `conf` lists the others, which answer like 3.8
/// followers and keep every connection they get in ``FakeServer/receivedWords``. What proves where a check
/// connects: a member's `conf` can name any address (issue 20: `server.2=…;127.0.0.1:24051` steering the exporter).
package final class LearnedMemberFakes: Sendable {
    /// The member given: answers as `mode`, its `conf` listing itself as server.1 and the learned ones after it.
    package let given: FakeServer
    /// The members only the `conf` names, server.2 onwards, each on its own server so that its connections
    /// are its own.
    package let learned: [FakeServer]

    /// A given member of `mode` (its `zk_synced_followers` counting every learned member) and `learnedCount`
    /// followers that only its `conf` names.
    package init(givenMode: String = "leader", learnedCount: Int = 1) throws {
        let follower = FakeMember(mode: "follower", zxid: 0x3_0000_0010)
        learned = try (0..<learnedCount).map { _ in
            try FakeServer(.respond({ word, _ in Array(follower.reply(word).utf8) }, chunk: 4096, pause: .zero))
        }
        let ports = learned.map(\.port)
        let member = FakeMember(mode: givenMode, zxid: 0x3_0000_0010, syncedFollowers: learnedCount)
        given = try FakeServer(
            .respond(
                { word, port in
                    guard word == "conf" else { return Array(member.reply(word).utf8) }
                    let servers = ([port] + ports).enumerated().map { i, clientPort in
                        "server.\(i + 1)=127.0.0.1:\(40000 + i):\(41000 + i):participant;127.0.0.1:\(clientPort)"
                    }
                    let conf = "clientPort=\(port)\nserverId=1\nmembership: \n" + servers.joined(separator: "\n")
                    return Array((conf + "\nversion=100000000\n").utf8)
                }, chunk: 4096, pause: .zero))
    }

    /// `127.0.0.1:PORT` of the learned member `index` (0 is server.2), as the `conf` lists it.
    package func learnedAddress(_ index: Int = 0) -> String { learned[index].address() }

    /// Connections the learned member `index` got.
    package func connections(to index: Int) -> Int { learned[index].receivedWords.count }

    /// Connections the learned members got, together.
    package var learnedConnections: Int { learned.indices.map(connections(to:)).reduce(0, +) }

    package func stop() {
        given.stop()
        for server in learned { server.stop() }
    }
}
