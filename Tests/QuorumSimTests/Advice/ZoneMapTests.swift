import Testing
import ToolkitSupport

@testable import QuorumSim

/// The one zone-map grammar of `scenario` and `live`.
struct ZoneMapTests {
    /// Both separators, commas and line ends, comments and blank entries, in a file and inline alike.
    @Test(arguments: [
        "zk1=a, zk2 = b\nzk3 c\n", "# racks\nzk1=a\n\n  zk2\tb  \nzk3=c,\n", "zk1=a,zk2=b,zk3=c",
    ])
    func readsEveryFormOfTheGrammar(_ text: String) throws {
        let map = try ZoneMap.parse(text, from: .file("zones.txt"))
        #expect(map.entries.map(\.host) == ["zk1", "zk2", "zk3"])
        #expect(["zk1", "zk2", "zk3"].map { map.zone(of: $0) } == ["a", "b", "c"])
    }

    /// A map saved with CRLF line ends reads as its LF twin: the same entries, or the same error on the same line.
    @Test(arguments: [
        ("zk1=a, zk2 = b\nzk3 c\n", nil), ("# racks\nzk1=a\n\n  zk2\tb  \nzk3=c,\n", nil),
        ("zk1=a\nzk2=\n", "m.txt:2: \"zk2=\": expected host=zone"),
        ("zk1=a\n\nZK1=b", "m.txt:3: host ZK1 is in zone a"),
        ("# nothing\n\n", "m.txt: no host=zone entries"),
    ] as [(String, String?)])
    func crlfLinesReadAsTheirLFTwin(_ text: String, _ error: String?) {
        func parse(_ text: String) -> Result<ZoneMap, AdviceError> {
            Result { () throws(AdviceError) in try ZoneMap.parse(text, from: .file("m.txt")) }
        }
        let lf = parse(text)
        #expect(parse(text.replacingEvery("\n", with: "\r\n")) == lf)
        switch lf {
        case .success(let map): #expect(error == nil && map.entries.count == 3)
        case .failure(let failure): #expect(failure.description.hasPrefix(error ?? "no error"), "\(failure)")
        }
    }

    /// Hosts are DNS names, compared without case (RFC 4343); zones are names of the operator's, compared exactly.
    @Test func hostsCompareWithoutCaseAndZonesExactly() throws {
        let map = try ZoneMap.parse("ZK1.Example.com=EU-1a\nzk2.example.com=eu-1a", from: .file("zones.txt"))
        #expect(map.zone(of: "zk1.example.COM") == "EU-1a")
        #expect(map.zone(of: "ZK2.EXAMPLE.COM") == "eu-1a")
        #expect(map.entries.map(\.host) == ["ZK1.Example.com", "zk2.example.com"], "hosts kept as written")
        // The same host in another case is the same host: the same zone is fine, another zone is refused.
        #expect(try ZoneMap.parse("zk1=a,ZK1=a", from: .option("--zones")).entries.count == 1)
        #expect(throws: AdviceError("zones.txt:2: host ZK1 is in zone a already")) {
            try ZoneMap.parse("zk1=a\nZK1=b", from: .file("zones.txt"))
        }
    }

    /// `live` finds a member by its `host:port` entry, else by its host's, so the map written for `scenario` serves.
    @Test func anAddressIsFoundByItsOwnEntryOrItsHost() throws {
        let map = try ZoneMap.parse("zk1=a\nzk1:2182=b\nfe80::1=c\n10.0.0.4=d", from: .file("zones.txt"))
        #expect(map.zone(ofAddress: "ZK1:2181") == "a")
        #expect(map.zone(ofAddress: "zk1:2182") == "b")
        #expect(map.zone(ofAddress: "[fe80::1]:2181") == "c")
        #expect(map.zone(ofAddress: "10.0.0.4:2181") == "d")
        #expect(map.zone(ofAddress: "zk2:2181") == nil)
        #expect(map.zone(ofAddress: "fe80::2") == nil, "a bare IPv6 address has no port to drop")
    }

    /// Each refusal names the entry and where it is: the option, or the file and line.
    @Test(arguments: [
        ("zk1", ZoneMap.Source.option("--zones"), "--zones: \"zk1\": expected host=zone"),
        ("zk1=a\nzk2=", .file("m.txt"), "m.txt:2: \"zk2=\": expected host=zone"),
        ("zk1=a=b", .option("--zones"), "--zones: \"zk1=a=b\": expected host=zone"),
        ("zk1 a b", .file("m.txt"), "m.txt:1: \"zk1 a b\": expected host=zone"),
        ("# nothing\n\n", .file("m.txt"), "m.txt: no host=zone entries"),
        (" , ", .option("--zones"), "--zones: no host=zone entries"),
    ])
    func refusalsNameTheEntryAndPlace(_ text: String, _ source: ZoneMap.Source, _ start: String) {
        #expect { try ZoneMap.parse(text, from: source) } throws: { error in
            let message = (error as? AdviceError)?.description ?? ""
            return message.hasPrefix(start) && !message.contains("\n")
        }
    }
}
