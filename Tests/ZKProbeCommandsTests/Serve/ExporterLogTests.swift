import Testing

@testable import ZKProbeExporter

/// The exporter's log: one logfmt line per event, values escaped, scrape errors rate-limited.
struct ExporterLogTests {
    @Test(arguments: [
        ("plain", "plain"), ("two words", "\"two words\""), ("a=b", "\"a=b\""), ("", "\"\""),
        ("say \"hi\"", "\"say \\\"hi\\\"\""), ("line\nforged level=error", "\"line\\nforged level=error\""),
        ("\u{1b}[2J", "\"\\u{1b}[2J\""), ("back\\slash", "\"back\\\\slash\""),
    ])
    func valuesAreQuotedAndEscaped(_ value: String, _ expected: String) {
        #expect(ExporterLog.value(value) == expected)
    }

    @Test func aLineHasTimestampLevelMessageAndFields() {
        let lines = Locked<[String]>([])
        let log = ExporterLog(sink: { line in lines.withLock { $0.append(line) } })
        log.log("info", "listening", [("address", "127.0.0.1:9141")])
        let line = lines.withLock { $0[0] }
        #expect(line.hasPrefix("ts="))
        #expect(line.hasSuffix(" level=info msg=listening address=127.0.0.1:9141\n"))
        let ts = line.dropFirst(3).prefix { $0 != " " }
        #expect(ts.count == 24 && ts.hasSuffix("Z") && ts.dropFirst(10).first == "T", "\(ts)")
    }

    @Test func scrapeErrorsBeyondTheBudgetAreCountedNotLogged() {
        let lines = Locked<[String]>([])
        let log = ExporterLog(sink: { line in lines.withLock { $0.append(line) } })
        for n in 0..<(ExporterLog.errorsPerWindow + 3) { log.scrapeError("unknown target", [("target", "t\(n)")]) }
        let logged = lines.withLock { $0 }
        #expect(logged.count == ExporterLog.errorsPerWindow)
        #expect(logged.allSatisfy { $0.contains("level=warn msg=\"unknown target\"") })
    }
}
