import Testing
@testable import ZKProbe
struct RefusalTests { @Test func detectsNotServing() { #expect(Refusal.detect(in: "This ZooKeeper instance is not currently serving requests\n") == .notServing) } }
