import Foundation

/// One panel of a Grafana dashboard (rows included, nested panels of collapsed rows too).
package struct DashboardPanel: Sendable {
    /// The dashboard's file name.
    package var file: String
    package var title: String
    package var type: String
    /// The `expr` of each of its targets, as written (empty ones included).
    package var exprs: [String]
}

/// One PromQL query of a Grafana dashboard: a panel target's `expr`, or the selector of a `label_values(...)`
/// template variable (then `panel` is `variable NAME`).
package struct DashboardQuery: Sendable {
    /// The dashboard's file name.
    package var file: String
    package var panel: String
    package var expr: String
}

/// The `*.json` dashboards of `folder`, sorted by name, parsed.
private func dashboards(inFolder folder: URL) throws -> [(file: String, dashboard: [String: Any])] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        .map { file in
            let data = try Data(contentsOf: folder.appendingPathComponent(file))
            guard let dashboard = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                dashboard["panels"] is [[String: Any]]
            else { throw DashboardError(description: "\(file): not a dashboard with panels") }
            return (file, dashboard)
        }
}

private struct DashboardError: Error, CustomStringConvertible {
    let description: String
}

/// Every panel of every dashboard in `folder`, in document order, a row's nested panels after the row.
package func dashboardPanels(inFolder folder: URL) throws -> [DashboardPanel] {
    var result: [DashboardPanel] = []
    for (file, dashboard) in try dashboards(inFolder: folder) {
        var pending = Array((dashboard["panels"] as? [[String: Any]] ?? []).reversed())
        while let panel = pending.popLast() {
            pending += (panel["panels"] as? [[String: Any]] ?? []).reversed()
            let targets = panel["targets"] as? [[String: Any]] ?? []
            result.append(
                DashboardPanel(
                    file: file, title: panel["title"] as? String ?? "?", type: panel["type"] as? String ?? "",
                    exprs: targets.compactMap { $0["expr"] as? String }))
        }
    }
    return result
}

/// Every query of every dashboard in `folder`: each panel target's `expr` (empty ones included), then the
/// `METRIC_SELECTOR` of each `label_values(METRIC_SELECTOR, LABEL)` variable (the label is not a metric).
package func dashboardQueries(inFolder folder: URL) throws -> [DashboardQuery] {
    var queries = try dashboardPanels(inFolder: folder).flatMap { panel in
        panel.exprs.map { DashboardQuery(file: panel.file, panel: panel.title, expr: $0) }
    }
    for (file, dashboard) in try dashboards(inFolder: folder) {
        let variables = (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
        for variable in variables {
            if let query = (variable["query"] as? [String: Any])?["query"] as? String,
                query.hasPrefix("label_values("), let comma = query.lastIndex(of: ",")
            {
                let selector = String(query[query.index(query.startIndex, offsetBy: 13)..<comma])
                queries.append(DashboardQuery(file: file, panel: "variable \(variable["name"] ?? "?")", expr: selector))
            }
        }
    }
    return queries
}
