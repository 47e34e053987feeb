import Testing

@testable import ZKProbe

struct ServerConfigTests {
    static let server = "zk3:2181"

    static func parse(_ text: String) throws -> ServerConfig {
        try #require(try ServerConfig.parse(text, server: server).answer)
    }

    @Test func keepsEveryPropertyInOrderAndTypesTheKnownOnes() throws {
        let config = try Self.parse(ReplyFixtures.text("3.5.9", "leader-conf"))
        #expect(config.properties.first?.key == "clientPort")
        #expect(config.properties.last?.key == "peerType")
        #expect(config.properties.count == 17)
        #expect(config["dataDirSize"] == "67108880")
        #expect(config.clientPort == 2181)
        #expect(config.secureClientPort == nil, "secureClientPort=-1 means no TLS port")
        #expect(config.dataDir == "/data/version-2" && config.dataLogDir == "/datalog/version-2")
        #expect(config.tickTime == 2000 && config.initLimit == 5 && config.syncLimit == 2)
        #expect(config.serverId == 1 && config.electionPort == 3888 && config.quorumPort == 2888)
        #expect(config.peerType == .participant)
        #expect(config.version == 0x1_0000_0000)
        #expect(config.versionText == "100000000")
    }

    @Test func readsMembersWithRolesClientAddressesAndIPv6() throws {
        let config = try Self.parse(ReplyFixtures.text("3.5.9", "leader-conf"))
        #expect(config.membership.map(\.id) == [1, 2, 3, 4])
        let first = config.membership[0]
        #expect(first.host == "zk1" && first.quorumPort == 2888 && first.electionPort == 3888)
        #expect(first.role == .participant && first.clientHost == "0.0.0.0" && first.clientPort == 2181)
        let observer = config.membership[3]
        #expect(observer.host == "2001:db8::4")
        #expect(observer.role == .observer && !observer.isVoter)
        #expect(observer.clientHost == "2001:db8::4" && observer.clientPort == 2181)
    }

    @Test func readsMultiAddressMembersAndHierarchicalGroups() throws {
        let config = try Self.parse(ReplyFixtures.text("3.6.4", "leader-conf"))
        #expect(config.electionPorts == [3888, 3889] && config.quorumPorts == [2888, 2889])
        let member = config.membership[1]
        #expect(
            member.addresses == [
                MemberAddress(host: "10.0.0.2", quorumPort: 2888, electionPort: 3888),
                MemberAddress(host: "10.1.0.2", quorumPort: 2889, electionPort: 3889),
            ])
        #expect(member.role == .participant)
        #expect(config.groups == [1: [1, 2], 2: [3]])
        #expect(config.weights == [1: 1, 2: 1, 3: 1])
        #expect(config.membershipProperties.map(\.key) == ["group.1", "group.2", "weight.1", "weight.2", "weight.3"])
    }

    @Test(
        arguments: [
            ("server.7=zk7:2888", "zk7", 2888, nil, nil, nil, nil),
            ("server.7=zk7:2888:3888", "zk7", 2888, 3888, nil, nil, nil),
            ("server.7=zk7:2888:3888;2181", "zk7", 2888, 3888, nil, nil, 2181),
            ("server.7=zk7:2888:3888:observer;[::1]:2181", "zk7", 2888, 3888, MemberRole.observer, "::1", 2181),
            ("server.7=[fe80::1]:2888:3888:participant", "fe80::1", 2888, 3888, .participant, nil, nil),
        ] as [(String, String, Int, Int?, MemberRole?, String?, Int?)])
    func readsEveryServerLineForm(
        line: String, host: String, quorum: Int, election: Int?, role: MemberRole?, clientHost: String?,
        clientPort: Int?
    ) throws {
        let config = try Self.parse("membership: \n\(line)\nversion=0")
        let member = try #require(config.membership.first)
        #expect(member.id == 7 && member.host == host && member.quorumPort == quorum)
        #expect(member.electionPort == election && member.role == role)
        #expect(member.clientHost == clientHost && member.clientPort == clientPort)
        #expect(member.isVoter == (role != .observer))
    }

    @Test func readsServerLinesMixedIntoTheProperties() throws {
        // Older servers print no membership section; server.N lines among the properties are still members.
        let config = try Self.parse("clientPort=2181\nserver.1=zk1:2888:3888\nserver.2=zk2:2888:3888\npeerType=0\n")
        #expect(!config.hasMembershipSection)
        #expect(config.membership.map(\.id) == [1, 2])
        #expect(config.properties.map(\.key) == ["clientPort", "server.1", "server.2", "peerType"])
        #expect(config.version == nil)
    }

    @Test func aMembershipSectionWithoutItsVersionLineLooksTruncated() throws {
        let text = "clientPort=2181\nmembership: \nserver.1=zk1:2888:3888:participant\n"
        let error = try #require(throws: ReplyParseError.self) { try ServerConfig.parse(text, server: Self.server) }
        #expect(error.lineNumber == nil)
        #expect(error.description.hasPrefix("zk3:2181: conf reply: the membership section has no closing"))
    }

    @Test func aLineAfterTheVersionIsAnError() throws {
        let text = "membership: \nserver.1=zk1:2888:3888:participant\nversion=0\nclientPort=2181"
        let error = try #require(throws: ReplyParseError.self) { try ServerConfig.parse(text, server: Self.server) }
        #expect(error.lineNumber == 4)
    }

    @Test(arguments: [
        "clientPort=21a81", "clientPort=70000", "peerType=2", "electionPort=3888|", "tickTime=fast",
        "server.x=zk1:2888:3888", "server.1=zk1", "server.1=zk1:2888:3888:voter", "server.1=zk1:2888:3888;",
        "server.1=[::1:2888:3888", "no equals sign here", "=value",
    ])
    func aMalformedLineIsAnErrorNamingIt(line: String) throws {
        let text = "tickTime=2000\n\(line)\nserverId=1\n"
        let error = try #require(throws: ReplyParseError.self) { try ServerConfig.parse(text, server: Self.server) }
        #expect(error.lineNumber == 2)
        #expect(error.lineText == line)
        #expect(error.description.hasPrefix("zk3:2181: conf reply line 2: expected "))
    }

    @Test func negativePortsMeanNotConfigured() throws {
        let config = try Self.parse("clientPort=-1\nsecureClientPort=2281\nelectionPort=-1\n")
        #expect(config.clientPort == nil && config.secureClientPort == 2281 && config.electionPorts.isEmpty)
    }
}
