import Foundation
import TestSupport

/// Every PromQL expression shipped under `monitoring/`: the `expr` of each rule of `monitoring/prometheus/*.yml`
/// and each query of `monitoring/grafana/*.json`.
enum ShippedExpressions {
    struct Rule {
        var file: String
        var name: String
        var isAlert: Bool
        var expr: String
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The rule files (not their promtool tests).
    static func ruleFiles() throws -> [String] {
        let folder = root.appendingPathComponent("monitoring/prometheus").path
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yml") }.sorted()
            .map { folder + "/" + $0 }
    }

    /// The rules of a rule file, as TestSupport's `ruleEntries` reads them.
    static func rules(_ path: String) throws -> [Rule] {
        let file = URL(fileURLWithPath: path).lastPathComponent
        return ruleEntries(try String(contentsOfFile: path, encoding: .utf8)).map {
            Rule(file: file, name: $0.name, isAlert: !$0.isRecord, expr: $0.expression)
        }
    }

    /// `(dashboard file, panel title, expr)` of every query of every dashboard (TestSupport's `dashboardQueries`).
    static func dashboardQueries() throws -> [DashboardQuery] {
        try TestSupport.dashboardQueries(inFolder: root.appendingPathComponent("monitoring/grafana"))
    }
}
