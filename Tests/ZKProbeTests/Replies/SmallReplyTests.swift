import Testing

@testable import ZKProbe

struct SmallReplyTests {
    static let server = "zk1:2181"

    @Test func ruokAnswersImok() throws {
        #expect(try RuokReply.parse("imok", server: Self.server) == .answer(RuokReply()))
        #expect(try RuokReply.parse("imok\n", server: Self.server) == .answer(RuokReply()))
        #expect(
            try RuokReply.parse("ruok is not executed because it is not in the whitelist.\n", server: Self.server)
                == .refused(.notWhitelisted(word: "ruok")))
        let error = try #require(throws: ReplyParseError.self) { try RuokReply.parse("imnotok", server: Self.server) }
        #expect(error.description == #"zk1:2181: ruok reply line 1: expected "imok", got "imnotok""#)
    }

    @Test(arguments: ReadOnlyState.allCases)
    func isroAnswersEachState(state: ReadOnlyState) throws {
        #expect(try ReadOnlyState.parse(state.rawValue, server: Self.server) == .answer(state))
    }

    @Test func isroRejectsAnythingElse() throws {
        for text in ["RW", "rw ro", "rwx", "\u{FFFD}"] {
            #expect(throws: ReplyParseError.self) { try ReadOnlyState.parse(text, server: Self.server) }
        }
        let error = try #require(throws: ReplyParseError.self) {
            try ReadOnlyState.parse("rw\nro", server: Self.server)
        }
        #expect(error.lineNumber == 2)
    }

    @Test func aLoneLineBreakIsAnAnswerNotAnEmptyReply() throws {
        // wchc and wchp answer "\n" when nothing is watched: an answer, not the empty refusal.
        #expect(Refusal.detect(in: "\n") == nil)
        #expect(RawReply.parse("\n") == .answer(RawReply(text: "\n")))
        #expect(RawReply.parse("") == .refused(.empty))
    }

    @Test func consListsConnectionsEndedByABlankLine() throws {
        let connections = try #require(
            try ConnectionList.parse(ReplyFixtures.text("3.9.2", "follower-cons"), server: Self.server).answer)
        #expect(connections.count == 2)
        #expect(connections[0].host == "0:0:0:0:0:0:0:1" && connections[0].port == 5433)
        #expect(connections[1].detail("lzxid") == "0x500000012")
        let cut = " /127.0.0.1:1[1](queued=0,recved=1,sent=1)\n"
        #expect(throws: ReplyParseError.self) { try ConnectionList.parse(cut, server: Self.server) }
    }

    @Test func parseReplyDispatchesOnTheWord() throws {
        let srvr = ReplyFixtures.text("3.6.4", "leader-srvr")
        guard case .srvr(.answer(let stats)) = try parseReply(word: "srvr", text: srvr, server: Self.server) else {
            Issue.record("srvr was not parsed as ServerStats")
            return
        }
        #expect(stats.mode == .leader)
        guard case .stat(.answer) = try parseReply(word: "stat", text: srvr, server: Self.server) else {
            Issue.record("stat was not parsed as ServerStats")
            return
        }
        guard case .raw(let word, .answer(let raw)) = try parseReply(word: "envi", text: "Environment:\n", server: "x")
        else {
            Issue.record("envi was not kept raw")
            return
        }
        #expect(word == "envi" && raw.text == "Environment:\n")
        let refused = try parseReply(
            word: "conf", text: "This ZooKeeper instance is not currently serving requests\n", server: "x")
        #expect(refused == .conf(.refused(.notServing)))
        #expect(refused.refusal == .notServing)
    }

    @Test func errorsStayOnOneLine() {
        let error = ReplyParseError(
            server: "zk1:2181", command: "mntr", lineNumber: 3,
            lineText: "a\tb\r\u{0}\"" + String(repeating: "x", count: 300),
            reason: "expected something")
        #expect(!error.description.contains("\n") && !error.description.contains("\r"))
        #expect(error.description.hasPrefix(#"zk1:2181: mntr reply line 3: expected something, got "a\tb\r\u{0}\""#))
        #expect(error.description.hasSuffix("…\""))
    }
}
