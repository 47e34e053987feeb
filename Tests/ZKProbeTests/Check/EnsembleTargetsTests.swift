import Foundation
import Testing
import TestSupport

@testable import ZKProbe

struct EnsembleTargetsTests {
    @Test func kafkaConnectStringDropsTheChroot() throws {
        let t = try EnsembleTargets.fromConnectString("zk1:2181,zk2:2182, zk3/kafka/prod")
        #expect(t.endpoints.map(\.description) == ["zk1:2181", "zk2:2182", "zk3:2181"])
        #expect(t.membership == nil)
    }

    @Test(arguments: ["", "zk1,,zk2", ",", "/kafka"])
    func badConnectStringsAreRejected(text: String) {
        #expect(throws: TargetError.self) { try EnsembleTargets.fromConnectString(text) }
    }

    @Test func classicZooCfgUsesClientPort() throws {
        let cfg = """
            tickTime=2000
            # comment
            clientPort=2191
            server.3=zk3.example:2888:3888
            server.1=zk1.example:2888:3888
            server.2 = zk2.example:2888:3888:observer
            """
        let t = try EnsembleTargets.fromZooConfig(cfg, path: "zoo.cfg")
        #expect(t.endpoints.map(\.description) == ["zk1.example:2191", "zk2.example:2191", "zk3.example:2191"])
        #expect(t.configuredVoters == 2)
        #expect(t.membership?.map(\.observer) == [false, true, false])
    }

    @Test func dynamicStyleLinesCarryTheirOwnClientAddress() throws {
        let cfg = """
            dynamicConfigFile=/etc/zookeeper/zoo.cfg.dynamic
            """
        let dynamic = """
            server.1=10.0.0.1:2888:3888:participant;0.0.0.0:2181
            server.2=10.0.0.2:2888:3888:participant;10.0.1.2:2182
            server.3=[fe80::1]:2888:3888;2183
            """
        let t = try EnsembleTargets.fromZooConfig(cfg, path: "zoo.cfg") { $0 == "/etc/zookeeper/zoo.cfg.dynamic" ? dynamic : nil }
        #expect(t.endpoints.map(\.description) == ["10.0.0.1:2181", "10.0.1.2:2182", "[fe80::1]:2183"])
        #expect(t.configuredVoters == 3)
    }

    /// 3.6+ multi-address lines (`a|b`) go through the same grammar as `conf` replies: the first address counts.
    @Test func multiAddressLinesAreReadByTheOneGrammar() throws {
        let cfg = """
            server.1=10.0.0.1:2888:3888|10.1.0.1:2888:3888;2181
            server.2=10.0.0.2:2888:3888|10.1.0.2:2888:3888:observer;10.0.1.2:2182
            """
        let t = try EnsembleTargets.fromZooConfig(cfg, path: "zoo.cfg")
        #expect(t.endpoints.map(\.description) == ["10.0.0.1:2181", "10.0.1.2:2182"])
        #expect(t.membership?.map(\.observer) == [false, true])
    }

    @Test(arguments: [
        ("server.1=zk1:2888:3888", "no ;clientPort"),
        ("clientPort=2181\nserver.x=zk1:2888:3888", "server id must be a number"),
        ("clientPort=2181\nserver.1=zk1:2888", "expected host:quorumPort:electionPort"),
        ("clientPort=2181\nserver.1=zk1:2888:3888:voter", "neither participant nor observer"),
        ("clientPort=2181\nserver.1=zk1:2888:3888;abc", "not a port number"),
        ("tickTime=2000", "no server.N lines and no clientPort"),
    ])
    func badConfigsSayWhatToChange(cfg: String, expected: String) {
        #expect {
            try EnsembleTargets.fromZooConfig(cfg, path: "zoo.cfg")
        } throws: { error in
            "\(error)".contains(expected) && "\(error)".hasPrefix("zoo.cfg")
        }
    }
}

// MARK: - zoo.cfg read as java.util.Properties, as ZooKeeper reads it

extension EnsembleTargetsTests {
    static let threeMembers = ["server.1=zk1:2888:3888", "server.2=zk2:2888:3888", "server.3=zk3:2888:3888"]

    @Test(arguments: ["\n", "\r\n", "\r"])
    func everyJavaLineEndIsALineEnd(lineEnd: String) throws {
        let cfg = (["# comment", "clientPort=2191"] + Self.threeMembers + ["server.4=zk4:\\", "   2888:3888"])
            .joined(separator: lineEnd) + lineEnd
        let t = try EnsembleTargets.fromZooConfig(cfg, path: "zoo.cfg")
        #expect(t.endpoints.map(\.description) == ["zk1:2191", "zk2:2191", "zk3:2191", "zk4:2191"])
        #expect(t.membership?.map(\.host) == ["zk1", "zk2", "zk3", "zk4"])
    }

    /// Each line must give clientPort 2191: the separators, white space, comments and escapes `Properties` knows.
    @Test(arguments: [
        "clientPort=2191", "clientPort: 2191", "clientPort 2191", "clientPort\t2191", "   clientPort = 2191  ",
        "\tclientPort:2191", "clientPort\u{0C}=\u{0C}2191", "clientPort  :  2191",
        "client\\Port=2191", "clientPort=\\u0032191", "clientPort=2181\nclientPort=2191",
        "clientPort=2191\n# clientPort=1\n! clientPort=2", "clientPort=2191\n  #clientPort=3 \\\nclientPort=2191",
        "clientPort=21\\\n   91",
    ])
    func propertiesSeparatorsAreRead(line: String) throws {
        let cfg = line + "\nserver.1 : zk1:2888:3888\nserver.2 zk2:2888:3888\n  server.3=zk3:2888:3888"
        let t = try EnsembleTargets.fromZooConfig(cfg, path: "zoo.cfg")
        #expect(t.endpoints.map(\.description) == ["zk1:2191", "zk2:2191", "zk3:2191"])
    }

    /// The raw `Properties` reader: key, value and the line the entry starts on.
    @Test(arguments: [
        ("a=b", "a", "b", 1), ("a:b", "a", "b", 1), ("a b", "a", "b", 1), ("a = : b", "a", ": b", 1),
        ("a\\=b=c", "a=b", "c", 1), ("a\\ b c", "a b", "c", 1), ("\n\n  a\\\n  b = c\\\\", "ab", "c\\", 3),
        ("a=1\\t2\\n3\\x", "a", "1\t2\n3x", 1), ("a=\\uD83D\\uDE00", "a", "😀", 1), ("a=\\uD83D", "a", "\u{FFFD}", 1),
        ("key", "key", "", 1), ("a=b\\", "a", "b", 1),
    ])
    func propertiesEntriesAreJavas(text: String, key: String, value: String, line: Int) throws {
        let entries = try JavaProperties.entries(text, file: "f")
        #expect(entries == [PropertyLine(key: key, value: value, file: "f", line: line)])
    }

    @Test func aRepeatedServerLineKeepsTheLastOneAndCountsOnce() throws {
        let cfg = """
            clientPort=2181
            server.1=old1:2888:3888
            server.2=zk2:2888:3888
            server.1=zk1:2888:3888:observer
            server.3=zk3:2888:3888
            """
        let t = try EnsembleTargets.fromZooConfig(cfg, path: "zoo.cfg")
        #expect(t.endpoints.map(\.description) == ["zk1:2181", "zk2:2181", "zk3:2181"])
        #expect(t.membership?.map(\.id) == [1, 2, 3])
        #expect(t.configuredVoters == 2)
    }

    @Test(arguments: [
        ("/etc/zookeeper/zoo.cfg", "zoo.cfg.dynamic", "/etc/zookeeper/zoo.cfg.dynamic"),
        ("conf/zoo.cfg", "dyn/zoo.cfg.dynamic.100000000", "conf/dyn/zoo.cfg.dynamic.100000000"),
        ("zoo.cfg", "zoo.cfg.dynamic", "zoo.cfg.dynamic"),
        ("/etc/zookeeper/zoo.cfg", "/var/lib/zookeeper/zoo.cfg.dynamic", "/var/lib/zookeeper/zoo.cfg.dynamic"),
    ])
    func aRelativeDynamicFileIsBesideTheConfig(path: String, name: String, expected: String) throws {
        var asked: [String] = []
        let t = try EnsembleTargets.fromZooConfig("clientPort=2181\r\ndynamicConfigFile=\(name)\r\n", path: path) {
            asked.append($0)
            return $0 == expected ? Self.threeMembers.joined(separator: "\r\n") : nil
        }
        #expect(asked == [expected])
        #expect(t.configuredVoters == 3)
    }

    @Test func standaloneFlagIsOffForAnEnsemble() throws {
        let t = try EnsembleTargets.fromZooConfig("clientPort=2181\n" + Self.threeMembers.joined(separator: "\n"), path: "z")
        #expect(!t.standalone && t.hierarchy == nil)
        #expect(t.membership?.allSatisfy { $0.group == nil && $0.weight == nil } == true)
    }

    @Test(arguments: [
        ("clientPort=2181", "127.0.0.1:2181"),
        ("clientPort: 2182\nclientPortAddress=10.0.0.5", "10.0.0.5:2182"),
        ("clientPortAddress=0.0.0.0\nclientPort=2181", "127.0.0.1:2181"),
        ("clientPortAddress=::\nclientPort=2181", "127.0.0.1:2181"),
        ("clientPortAddress=[::]\nclientPort=2181", "127.0.0.1:2181"),
        ("clientPortAddress=::1\nclientPort=2183", "[::1]:2183"),
        ("clientPortAddress = zk.local\r\nclientPort 2184\r\ndataDir=/var/lib/zookeeper", "zk.local:2184"),
    ])
    func standaloneConfigIsOneTarget(cfg: String, expected: String) throws {
        let t = try EnsembleTargets.fromZooConfig(cfg, path: "zoo.cfg")
        #expect(t.endpoints.map(\.description) == [expected])
        #expect(t.standalone)
        #expect(t.membership == nil && t.configuredVoters == nil)
    }
}

// MARK: - Groups and weights

extension EnsembleTargetsTests {
    static let nineInThreeGroups =
        (1...9).map { "server.\($0)=zk\($0):2888:3888" }.joined(separator: "\n")
        + "\nclientPort=2181\ngroup.1=1:2:3\ngroup.2=4:5:6\ngroup.3=7:8:9\n"

    @Test func groupsAndWeightsReachTheMembership() throws {
        let cfg = Self.nineInThreeGroups + "weight.1=3\nweight.5=0\nserver.10=zk10:2888:3888:observer\nweight.10=2"
        let t = try EnsembleTargets.fromZooConfig(cfg, path: "zoo.cfg")
        let hierarchy = try #require(t.hierarchy)
        #expect(hierarchy.groups == [1: [1, 2, 3], 2: [4, 5, 6], 3: [7, 8, 9]])
        #expect(hierarchy.groupWeights == [1: 5, 2: 2, 3: 3])
        #expect(t.membership?.map(\.group) == [1, 1, 1, 2, 2, 2, 3, 3, 3, nil])
        #expect(t.membership?.map(\.weight) == [3, 1, 1, 1, 0, 1, 1, 1, 1, 2])
    }

    @Test func hierarchyLinesMayLiveInTheDynamicFile() throws {
        let t = try EnsembleTargets.fromZooConfig("dynamicConfigFile=d\nclientPort=2181", path: "/c/zoo.cfg") {
            $0 == "/c/d" ? Self.nineInThreeGroups.replacingOccurrences(of: "clientPort=2181\n", with: "") : nil
        }
        #expect(t.hierarchy?.groups.count == 3)
        #expect(t.membership?.count == 9)
    }

    /// Configurations ZooKeeper refuses (or fails on), and values out of range: the line to change, and what.
    @Test(arguments: [
        (nineInThreeGroups + "group.4=3", "zoo.cfg:14:", "server 3 is already in group.1 (zoo.cfg:11)"),
        (nineInThreeGroups + "group.4=10", "zoo.cfg:14:", "names server 10, which has no server.10 line"),
        (nineInThreeGroups + "weight.11=2", "zoo.cfg:14:", "weight.11 is for server 11, which has no server.11"),
        (nineInThreeGroups + "weight.1=-1", "zoo.cfg:14:", "expected a whole number from 0 to 2147483647"),
        (nineInThreeGroups + "server.10=zk10:2888:3888", "zoo.cfg:14:", "server.10 is in no group"),
        (nineInThreeGroups + "server.10=zk10:1:2:observer\ngroup.4=10", "zoo.cfg:15:", "an observer"),
        (nineInThreeGroups + "group.x=10", "zoo.cfg:14:", "the group id must be a number"),
        (nineInThreeGroups + "group.4=:5", "zoo.cfg:14:", "\"\" is not a server id"),
        ((1...9).map { "weight.\($0)=0" }.joined(separator: "\n") + "\n" + nineInThreeGroups, "zoo.cfg:20:", "every group weighs 0"),
        ("clientPort=2181\nweight.1=2", "zoo.cfg:2:", "weight.1 is for server 1"),
        ("clientPort=2181\nserver.1=zk1:2888:3888\nweight.1=2", "zoo.cfg:2:", "server.1 is in no group"),
        ("clientPort=0\nserver.1=zk1:2888:3888", "zoo.cfg:1:", "clientPort=0: expected a port number from 1 to 65535"),
        ("clientPort:65536\nserver.1=zk1:2888:3888", "zoo.cfg:1:", "expected a port number from 1 to 65535"),
        ("clientPort=abc", "zoo.cfg:1:", "clientPort=abc: expected a port number"),
        ("clientPort=2181\nserver.1=zk1:0:3888", "zoo.cfg:2:", "port 0 is not a port"),
        ("clientPort=2181\nserver.1=zk1:2888:70000", "zoo.cfg:2:", "port 70000 is out of range"),
        ("clientPort=2181\nserver.1=[::1]:99999:3888", "zoo.cfg:2:", "port 99999 is out of range"),
        ("clientPort=2181\nserver.1=zk1:2888:3888;0", "zoo.cfg:2:", "port 0 is not a port"),
        ("clientPort=2181\nserver.1=zk1:2888:3888;70000", "zoo.cfg:2:", "not a port number from 1 to 65535"),
        ("clientPort=2181\nserver.99999999999999999999=zk1:2888:3888", "zoo.cfg:2:", "server id must be a number"),
        ("clientPort=2181\nserver.-1=zk1:2888:3888", "zoo.cfg:2:", "server id must be a number"),
        ("clientPort=2181\n\n server.1=zk/1:2888:3888", "zoo.cfg:3:", "server.1"),
        ("clientPort=2181\nserver.1=zk1:2888:3888\nkey=\\u12G4", "zoo.cfg:3:", "malformed \\uXXXX escape"),
        ("clientPortAddress=10.0.0.1:2181\nclientPort=2181", "zoo.cfg:1:", "give the host alone"),
        ("server.1=zk1:2888:3888\ndynamicConfigFile=d", "zoo.cfg:1:", "must be in the dynamic config file d"),
        ("dynamicConfigFile=missing", "zoo.cfg:1:", "cannot read missing"),
        ("clientPortAddress=10.0.0.1\nsecureClientPort=2281", "zoo.cfg:", "no server.N lines and no clientPort"),
    ])
    func badValuesNameTheLineAndTheChange(cfg: String, location: String, expected: String) {
        #expect {
            try EnsembleTargets.fromZooConfig(cfg, path: "zoo.cfg")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(location) && text.contains(expected) && !text.contains("\n")
        }
    }

    @Test func aNewlineEscapeInAValueStaysOnOneLine() {
        #expect {
            try EnsembleTargets.fromZooConfig("clientPort=21\\n81\nserver.1=zk1:2888:3888", path: "zoo.cfg")
        } throws: { error in
            "\(error)".hasPrefix("zoo.cfg:1: clientPort=21\\u{a}81") && !"\(error)".contains("\n")
        }
    }

    /// Garbled configuration text and dynamic files: a value or a one-line `TargetError` naming the file, never a
    /// trap.
    @Test func garbledConfigsThrowOrReturnAndNeverTrap() {
        var rng = SeededRandom(seed: 0x200F_2181)
        let seeds = [
            Self.nineInThreeGroups + "weight.2=4\n", "clientPort=2181\nclientPortAddress=::1\n",
            "dynamicConfigFile=d\nclientPort 2181\r\n", Self.classicCfg,
        ]
        let pieces = [
            "server.", "group.", "weight.", "clientPort", "clientPortAddress", "dynamicConfigFile", "=", ":", " ",
            "\\", "\\u", "\r\n", "\n", "\r", "#", "!", "|", ";", "[", "]", "::", "0", "1", "65535", "65536", "-1",
            "99999999999999999999", "observer", "participant", "zk1", "0.0.0.0", "\u{0}", "é", "\u{FFFF}",
        ]
        for round in 0..<3000 {
            var text = Array(seeds[round % seeds.count].unicodeScalars.map(String.init))
            for _ in 0...rng.below(6) {
                let at = rng.below(text.count + 1)
                switch rng.below(3) {
                case 0: text.insert(pieces[rng.below(pieces.count)], at: at)
                case 1 where at < text.count: text.removeSubrange(at..<min(text.count, at + 1 + rng.below(6)))
                default: text.insert(String(UnicodeScalar(UInt8(truncatingIfNeeded: rng.next()))), at: at)
                }
            }
            let cfg = text.joined()
            let dynamic = rng.below(2) == 0 ? cfg : seeds[0]
            var asked = "zoo.cfg"
            do throws(TargetError) {
                let t = try EnsembleTargets.fromZooConfig(cfg, path: "zoo.cfg") {
                    asked = $0
                    return dynamic
                }
                #expect(!t.endpoints.isEmpty)
                if let h = t.hierarchy {
                    let voters = Set(h.groups.values.flatMap { $0 })
                    _ = h.failuresTolerated(serving: voters)
                }
            } catch {
                let message = error.description
                #expect(!message.contains("\n") && !message.contains("\r"), "\(message)")
                #expect(message.hasPrefix("zoo.cfg") || message.hasPrefix(asked), "\(message)")
            }
        }
    }

    static let classicCfg = """
        tickTime=2000
        clientPort=2191
        server.3=zk3.example:2888:3888
        server.1=zk1.example:2888:3888;0.0.0.0:2181
        server.2 = zk2.example:2888:3888:observer
        """
}

// MARK: - The hierarchical rule against a brute force written independently here

/// The rule as the facts file states it, written again without `Hierarchy`, and tolerance by trying every subset.
enum ReferenceHierarchy {
    static func hasQuorum(_ groups: [[Int]], _ weights: [Int: Int], serving: Set<Int>) -> Bool {
        var counted = 0
        var majorities = 0
        for members in groups {
            let total = members.map { weights[$0, default: 1] }.reduce(0, +)
            guard total > 0 else { continue }
            counted += 1
            let live = members.filter(serving.contains).map { weights[$0, default: 1] }.reduce(0, +)
            if 2 * live > total { majorities += 1 }
        }
        return 2 * majorities > counted
    }

    /// The fewest losses among `serving` that break the quorum, minus one; -1 without a quorum now.
    static func tolerance(_ groups: [[Int]], _ weights: [Int: Int], serving: Set<Int>) -> Int {
        guard hasQuorum(groups, weights, serving: serving) else { return -1 }
        let voters = serving.sorted()
        var fewest = voters.count
        for mask in 1..<(1 << voters.count) where mask.nonzeroBitCount < fewest {
            let lost = Set(voters.indices.filter { mask & (1 << $0) != 0 }.map { voters[$0] })
            if !hasQuorum(groups, weights, serving: serving.subtracting(lost)) { fewest = mask.nonzeroBitCount }
        }
        return fewest - 1
    }
}

struct HierarchyTests {
    static let nine = Hierarchy(groups: [1: [1, 2, 3], 2: [4, 5, 6], 3: [7, 8, 9]])
    static let nineGroups = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]

    /// 9 servers in 3 groups of 3: (servers lost, quorum, further losses tolerated).
    @Test(arguments: [
        ([Int](), true, 3), ([1, 2, 3], true, 1), ([1, 4], true, 1), ([1, 2, 4, 5], false, -1),
        ([1, 2, 3, 4], true, 0), ([1, 2, 3, 4, 5], false, -1), ([1, 4, 7], true, 1),
    ])
    func nineServersInThreeGroups(lost: [Int], quorum: Bool, tolerated: Int) {
        let serving = Set(1...9).subtracting(lost)
        #expect(Self.nine.hasQuorum(serving: serving) == quorum)
        #expect(Self.nine.failuresTolerated(serving: serving) == tolerated)
        #expect(ReferenceHierarchy.hasQuorum(Self.nineGroups, [:], serving: serving) == quorum)
        #expect(ReferenceHierarchy.tolerance(Self.nineGroups, [:], serving: serving) == tolerated)
    }

    /// A group whose weight is 0 does not count: 3 counted groups need 2 majorities, not 3 of 4.
    @Test func zeroWeightGroupsDoNotCount() {
        let h = Hierarchy(groups: [1: [1, 2], 2: [3, 4], 3: [5, 6], 4: [7]], weights: [7: 0])
        #expect(h.countedGroups == 3)
        #expect(h.hasQuorum(serving: [1, 2, 3, 4]))
        #expect(!h.hasQuorum(serving: [1, 2, 7]))
        #expect(!h.hasQuorum(serving: []))
    }

    /// A heavy member carries its group: weight 3 of 5 is a majority alone, and losing it costs the group.
    @Test func weightsDecideTheGroupMajority() {
        let h = Hierarchy(groups: [1: [1, 2, 3], 2: [4, 5, 6], 3: [7, 8, 9]], weights: [1: 3, 5: 0])
        #expect(h.hasQuorum(serving: [1, 4, 6]))
        #expect(!h.hasQuorum(serving: [2, 3, 4, 6]))
        // Losing server 1 breaks group 1 and losing server 4 breaks group 2 (weight 1 of 2 is not more than half).
        #expect(h.failuresTolerated(serving: Set(1...9)) == 1)
        #expect(ReferenceHierarchy.tolerance(Self.nineGroups, [1: 3, 5: 0], serving: Set(1...9)) == 1)
    }

    /// Seeded random hierarchies of up to 7 servers, every serving set: both functions agree with the brute force.
    @Test func randomHierarchiesMatchTheBruteForce() {
        var rng = SeededRandom(seed: 0x6_2888_3888)
        for _ in 0..<40 {
            let servers = 2 + rng.below(6)
            let groupCount = 1 + rng.below(min(4, servers))
            var groups = Array(repeating: [Int](), count: groupCount)
            for id in 1...servers { groups[id <= groupCount ? id - 1 : rng.below(groupCount)].append(id) }
            var weights: [Int: Int] = [:]
            for id in 1...servers where rng.below(3) == 0 { weights[id] = rng.below(4) }
            let h = Hierarchy(
                groups: Dictionary(uniqueKeysWithValues: groups.enumerated().map { ($0 + 1, Set($1)) }), weights: weights)
            for mask in 0..<(1 << servers) {
                let serving = Set((1...servers).filter { mask & (1 << ($0 - 1)) != 0 })
                let quorum = ReferenceHierarchy.hasQuorum(groups, weights, serving: serving)
                let tolerance = ReferenceHierarchy.tolerance(groups, weights, serving: serving)
                #expect(h.hasQuorum(serving: serving) == quorum, "\(groups) \(weights) \(serving)")
                #expect(h.failuresTolerated(serving: serving) == tolerance, "\(groups) \(weights) \(serving)")
            }
        }
    }

    /// 15 voters (the brute force's reach) in 5 groups of 3, and 30 in 5 groups of 6, beyond it.
    @Test(arguments: [(3, 5), (6, 5)])
    func largerEnsembles(perGroup: Int, groupCount: Int) {
        let groups = (0..<groupCount).map { g in Array((g * perGroup + 1)...((g + 1) * perGroup)) }
        let h = Hierarchy(groups: Dictionary(uniqueKeysWithValues: groups.enumerated().map { ($0 + 1, Set($1)) }))
        let all = Set(groups.flatMap { $0 })
        // Break 3 of 5 groups, each by losing members until at most half of it serves.
        let expected = 3 * (perGroup - perGroup / 2) - 1
        #expect(h.failuresTolerated(serving: all) == expected)
        if all.count <= 15 { #expect(ReferenceHierarchy.tolerance(groups, [:], serving: all) == expected) }
    }
}
