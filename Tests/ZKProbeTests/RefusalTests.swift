import Testing
@testable import ZKProbe
struct RefusalTests { @Test func detectsNotServing() { #expect(Refusal.detect(in: "This ZooKeeper instance is not currently serving requests\n") == .notServing) } }

struct RefusalEdgeTests {
    @Test func onlyNoBytesAtAllIsEmpty() {
        #expect(Refusal.detect(in: "") == .empty)
        #expect(Refusal.detect(in: "\n") == nil, "wchc answers a lone newline when nothing is watched")
    }

    @Test func whitelistRefusalNamesTheWord() {
        #expect(Refusal.detect(in: "mntr is not executed because it is not in the whitelist.\n") == .notWhitelisted(word: "mntr"))
    }
}
